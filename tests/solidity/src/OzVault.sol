// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

/// @title Reference ERC-4626 vault for the gas report
/// @notice OpenZeppelin 5's ERC-4626, nothing added: the Solidity baseline next to SAidVault's
///         deposit and its exits (sAID adds a cooldown: request, then claim).
contract OzVault is ERC4626 {
    constructor(IERC20 asset_) ERC20("Reference Vault", "RVLT") ERC4626(asset_) {}
}
