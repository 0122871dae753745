//! Solidity events and errors of the registry (ABI in `interfaces/IGpuRegistry.sol`).
#![allow(missing_docs)]

use alloy_sol_types::sol;

sol! {
    /// A GPU asset passed due diligence and was minted as token `tokenId` to `to`.
    #[derive(Debug, PartialEq)]
    event AssetRegistered(
        uint256 indexed tokenId,
        address indexed to,
        bytes32 indexed model,
        uint32 gpuCount,
        bytes32 serialHash,
        uint256 acquisitionCost,
        uint64 acquiredAt,
        uint256 appraisalValue,
        string uri
    );

    /// The appraisal of `tokenId` moved from `previousValue` to `value` at `appraisedAt`.
    #[derive(Debug, PartialEq)]
    event Appraised(uint256 indexed tokenId, uint256 previousValue, uint256 value, uint64 appraisedAt);

    /// The depreciation parameters of `model` were set.
    #[derive(Debug, PartialEq)]
    event ModelConfigured(bytes32 indexed model, uint64 usefulLife, uint16 residualBps, bool enabled);

    /// `holder` burned `tokenId`; `serialHash` may back a new token again.
    #[derive(Debug, PartialEq)]
    event AssetRetired(uint256 indexed tokenId, address indexed holder, bytes32 serialHash);

    /// The appraisal step limit and freshness window were set.
    #[derive(Debug, PartialEq)]
    event AppraisalLimitsSet(uint16 maxStepBps, uint64 maxAge);
}

sol! {
    /// The constructor was given the zero address as admin.
    #[derive(Debug, PartialEq)]
    error InvalidAdmin(address admin);

    /// A registration named zero GPUs.
    #[derive(Debug, PartialEq)]
    error InvalidAssetGpuCount(uint32 gpuCount);

    /// A registration's acquisition cost is zero or above the value bound.
    #[derive(Debug, PartialEq)]
    error InvalidAssetCost(uint256 acquisitionCost);

    /// A registration's acquisition time lies after the current block time `timestamp`.
    #[derive(Debug, PartialEq)]
    error InvalidAssetAcquiredAt(uint64 acquiredAt, uint64 timestamp);

    /// A registration's first appraisal is zero or above the value bound.
    #[derive(Debug, PartialEq)]
    error InvalidAssetAppraisal(uint256 appraisalValue);

    /// A registration's serial hash is zero.
    #[derive(Debug, PartialEq)]
    error InvalidSerialHash(bytes32 serialHash);

    /// `serialHash` already backs the live token `tokenId`.
    #[derive(Debug, PartialEq)]
    error SerialInUse(bytes32 serialHash, uint256 tokenId);

    /// `model` was never configured.
    #[derive(Debug, PartialEq)]
    error UnknownModel(bytes32 model);

    /// `model` is configured but closed to new registrations.
    #[derive(Debug, PartialEq)]
    error ModelDisabled(bytes32 model);

    /// A model configuration has a zero id, a zero useful life or a residual above 100%.
    #[derive(Debug, PartialEq)]
    error InvalidModelConfig(bytes32 model, uint64 usefulLife, uint16 residualBps);

    /// An appraisal of `tokenId` is zero or above the value bound.
    #[derive(Debug, PartialEq)]
    error InvalidAppraisalValue(uint256 tokenId, uint256 value);

    /// An appraisal moves `tokenId` further from `anchor`, its value at the start of the current
    /// 24-hour window, than `maxStepBps` allows.
    #[derive(Debug, PartialEq)]
    error AppraisalStepTooLarge(uint256 tokenId, uint256 anchor, uint256 proposed, uint16 maxStepBps);

    /// A batch appraisal got arrays of different lengths.
    #[derive(Debug, PartialEq)]
    error AppraisalLengthMismatch(uint256 tokenIdsLength, uint256 valuesLength);

    /// Appraisal limits with a zero or above-100% step, or a zero freshness window.
    #[derive(Debug, PartialEq)]
    error InvalidAppraisalLimits(uint16 maxStepBps, uint64 maxAge);

    /// `caller` tried to retire `tokenId` without holding it.
    #[derive(Debug, PartialEq)]
    error NotTokenHolder(uint256 tokenId, address caller);
}

/// Every function of the registry, served by the hand-written ABI in `abi.rs` (only their
/// selectors are used there; the tests encode calls with them).
pub mod calls {
    #![allow(missing_docs)]
    use alloy_sol_types::sol;

    sol! {
        function registerAsset(address to, bytes32 model, uint32 gpuCount, bytes32 serialHash, uint256 acquisitionCost, uint64 acquiredAt, uint256 appraisalValue, string uri) returns (uint256 tokenId);
        function appraise(uint256 tokenId, uint256 value);
        function appraiseBatch(uint256[] tokenIds, uint256[] values);
        function configureModel(bytes32 model, uint64 usefulLife, uint16 residualBps, bool enabled);
        function setAppraisalLimits(uint16 maxStepBps, uint64 maxAge);
        function retire(uint256 tokenId);
        function pause();
        function unpause();
        function model(bytes32 model) returns (uint64 usefulLife, uint16 residualBps, bool enabled);
        function asset(uint256 tokenId) returns (bytes32 model, uint32 gpuCount, bytes32 serialHash, uint256 acquisitionCost, uint64 acquiredAt, uint256 appraisalValue, uint64 appraisedAt);
        function modelOf(uint256 tokenId) returns (bytes32);
        function bookValue(uint256 tokenId) returns (uint256);
        function valuation(uint256 tokenId) returns (uint256 value, uint64 appraisedAt, bool fresh);
        function serialOwnerToken(bytes32 serialHash) returns (uint256);
        function appraisalLimits() returns (uint16 maxStepBps, uint64 maxAge);

        function balanceOf(address owner) returns (uint256);
        function ownerOf(uint256 tokenId) returns (address);
        function safeTransferFrom(address from, address to, uint256 tokenId);
        function safeTransferFrom(address from, address to, uint256 tokenId, bytes data);
        function transferFrom(address from, address to, uint256 tokenId);
        function approve(address to, uint256 tokenId);
        function setApprovalForAll(address operator, bool approved);
        function getApproved(uint256 tokenId) returns (address);
        function isApprovedForAll(address owner, address operator) returns (bool);
        function name() returns (string);
        function symbol() returns (string);
        function tokenURI(uint256 tokenId) returns (string);
        function hasRole(bytes32 role, address account) returns (bool);
        function getRoleAdmin(bytes32 role) returns (bytes32);
        function grantRole(bytes32 role, address account);
        function revokeRole(bytes32 role, address account);
        function renounceRole(bytes32 role, address callerConfirmation);
        function paused() returns (bool);
        function supportsInterface(bytes4 interfaceId) returns (bool);
    }
}
