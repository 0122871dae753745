// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title Reference ERC-721 for the gas report
/// @notice OpenZeppelin 5's ERC-721 with an owner-only safe mint: the Solidity baseline next to
///         GpuRegistry's registerAsset (a mint) and its transfers.
contract OzNft is ERC721, Ownable {
    constructor() ERC721("Reference NFT", "RNFT") Ownable(msg.sender) {}

    /// @notice Mints `id` to `to` (checking that a contract recipient accepts it).
    function mint(address to, uint256 id) external onlyOwner {
        _safeMint(to, id);
    }
}
