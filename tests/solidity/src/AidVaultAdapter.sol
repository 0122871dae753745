// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAidToken} from "interfaces/IAidToken.sol";
import {ISAidVault} from "interfaces/ISAidVault.sol";
import {IAidMinter} from "interfaces/IAidMinter.sol";

/// @title An integrator's adapter over AID Protocol, written against interfaces/*.sol only
/// @notice Proof that a Solidity integrator can build on the published interfaces: it stakes a
///         user's AID in sAID in one call (the user approves this adapter, not the vault), and
///         reports whether a loan position is healthy with a margin of the integrator's choosing.
///         The Stylus contracts are called through plain external calls; errors bubble up.
contract AidVaultAdapter {
    /// @notice The AID token.
    IAidToken public immutable aid;
    /// @notice The sAID vault.
    ISAidVault public immutable vault;
    /// @notice The minter whose positions `isHealthy` reads.
    IAidMinter public immutable minter;

    /// @notice `assets` of `user`'s AID were staked for `shares` sAID, which `user` holds.
    event Staked(address indexed user, uint256 assets, uint256 shares);

    /// @notice The vault did not take the AID it was given (its balance did not drop to zero).
    error AdapterLeftover(uint256 amount);

    constructor(IAidToken aid_, ISAidVault vault_, IAidMinter minter_) {
        aid = aid_;
        vault = vault_;
        minter = minter_;
    }

    /// @notice Takes `assets` AID from the caller and deposits them in sAID for the caller.
    /// @param assets The AID to stake.
    /// @return shares The sAID the caller received.
    function stake(uint256 assets) external returns (uint256 shares) {
        require(aid.transferFrom(msg.sender, address(this), assets));
        require(aid.approve(address(vault), assets));
        shares = vault.deposit(assets, msg.sender);
        uint256 left = aid.balanceOf(address(this));
        if (left != 0) revert AdapterLeftover(left);
        emit Staked(msg.sender, assets, shares);
    }

    /// @notice Whether position `tokenId` is fresh, not liquidatable, and its value covers its
    ///         debt by at least `minRatioBps` (10,000 = 100%).
    /// @param tokenId The position (reverts as the minter does, e.g. NoPosition).
    /// @param minRatioBps The integrator's own margin.
    /// @return healthy The verdict.
    /// @return ratioBps The position's value / debt in basis points.
    function isHealthy(uint256 tokenId, uint256 minRatioBps)
        external
        view
        returns (bool healthy, uint256 ratioBps)
    {
        (, , bool fresh, uint256 ratio, bool liquidatable) = minter.health(tokenId);
        return (fresh && !liquidatable && ratio >= minRatioBps, ratio);
    }

    /// @notice The AID value of `user`'s sAID at the vault's current price.
    /// @param user The holder.
    /// @return assets What the shares convert to (rounded down).
    function stakedValue(address user) external view returns (uint256 assets) {
        return vault.convertToAssets(vault.balanceOf(user));
    }
}
