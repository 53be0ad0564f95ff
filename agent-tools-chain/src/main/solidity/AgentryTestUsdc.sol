// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title AgentryTestUsdc
/// @notice A test stand-in for USDC on local chains: 6 decimals, minted by one minter, and
///         EIP-3009 transfers by signed authorization (`transferWithAuthorization`,
///         `receiveWithAuthorization`, `cancelAuthorization`) under the EIP-712 domain
///         {name: "USD Coin", version: "2", chainId, verifyingContract: this}, the domain of
///         Circle's FiatToken v2, so x402 "exact" payments signed for USDC verify here unchanged.
///         Each authorization nonce can be used or cancelled once per authorizer.
contract AgentryTestUsdc is ERC20, EIP712 {
    /// @notice EIP-712 type hash of TransferWithAuthorization.
    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)");
    /// @notice EIP-712 type hash of ReceiveWithAuthorization.
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)");
    /// @notice EIP-712 type hash of CancelAuthorization.
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH = keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    /// @notice The one account that may mint.
    address public immutable minter;
    mapping(address => mapping(bytes32 => bool)) private _authorizationUsed;

    /// @notice Emitted when an authorization is used.
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);
    /// @notice Emitted when an authorization is cancelled before use.
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);

    /// @notice Only the minter may mint.
    error NotMinter(address caller);
    /// @notice The authorization is not valid before `validAfter`.
    error AuthorizationNotYetValid(uint256 validAfter, uint256 timestamp);
    /// @notice The authorization expired at `validBefore`.
    error AuthorizationExpired(uint256 validBefore, uint256 timestamp);
    /// @notice The nonce was used or cancelled already.
    error AuthorizationAlreadyUsed(address authorizer, bytes32 nonce);
    /// @notice The signature is not the authorizer's.
    error InvalidAuthorizationSignature(address signer, address authorizer);
    /// @notice receiveWithAuthorization must be called by the payee.
    error CallerMustBePayee(address caller, address payee);

    /// @param minter_ the account allowed to mint
    constructor(address minter_) ERC20("USD Coin", "USDC") EIP712("USD Coin", "2") {
        minter = minter_;
    }

    /// @notice USDC has 6 decimals.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice The EIP-712 domain version, "2", as USDC's.
    function version() external pure returns (string memory) {
        return "2";
    }

    /// @notice The EIP-712 domain separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice Mints test dollars.
    function mint(address to, uint256 amount) external {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _mint(to, amount);
    }

    /// @notice Whether `nonce` of `authorizer` was used or cancelled.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _authorizationUsed[authorizer][nonce];
    }

    /// @notice Moves `value` from `from` to `to` with `from`'s signed authorization; anyone may submit it.
    function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore,
        bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        _use(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, v, r, s);
    }

    /// @notice As transferWithAuthorization, but only the payee may submit it (no front-running).
    function receiveWithAuthorization(address from, address to, uint256 value, uint256 validAfter, uint256 validBefore,
        bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        if (msg.sender != to) revert CallerMustBePayee(msg.sender, to);
        _use(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce, v, r, s);
    }

    /// @notice Cancels an unused authorization.
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external {
        if (_authorizationUsed[authorizer][nonce]) revert AuthorizationAlreadyUsed(authorizer, nonce);
        _checkSigner(keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)), authorizer, v, r, s);
        _authorizationUsed[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    function _use(bytes32 typeHash, address from, address to, uint256 value, uint256 validAfter, uint256 validBefore,
        bytes32 nonce, uint8 v, bytes32 r, bytes32 s) private {
        if (block.timestamp <= validAfter) revert AuthorizationNotYetValid(validAfter, block.timestamp);
        if (block.timestamp >= validBefore) revert AuthorizationExpired(validBefore, block.timestamp);
        if (_authorizationUsed[from][nonce]) revert AuthorizationAlreadyUsed(from, nonce);
        _checkSigner(keccak256(abi.encode(typeHash, from, to, value, validAfter, validBefore, nonce)), from, v, r, s);
        _authorizationUsed[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }

    function _checkSigner(bytes32 structHash, address expected, uint8 v, bytes32 r, bytes32 s) private view {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(_hashTypedDataV4(structHash), v, r, s);
        if (err != ECDSA.RecoverError.NoError || signer != expected) revert InvalidAuthorizationSignature(signer, expected);
    }
}
