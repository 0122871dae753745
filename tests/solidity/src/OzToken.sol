// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title Reference ERC-20 for the gas report
/// @notice OpenZeppelin 5's ERC-20 with EIP-2612 permit, nothing added: the Solidity baseline
///         next to AidToken's transfer, approve and permit. The whole supply goes to the deployer.
contract OzToken is ERC20, ERC20Permit {
    constructor(uint256 supply) ERC20("Reference Token", "REF") ERC20Permit("Reference Token") {
        _mint(msg.sender, supply);
    }
}
