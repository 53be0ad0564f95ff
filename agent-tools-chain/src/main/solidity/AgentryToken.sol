// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title AgentryToken
/// @notice A fixed-supply ERC-20 with 18 decimals. The whole supply is minted once, at
///         deployment, to the owner; nothing can mint or burn afterwards.
contract AgentryToken is ERC20 {
    /// @notice Emitted once, at deployment.
    event Launched(address indexed owner, string name, string symbol, uint256 supply);

    /// @notice The supply or owner was unusable.
    error InvalidLaunch(uint256 supply, address owner);

    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param supply whole supply in base units (18 decimals)
    /// @param owner receives the whole supply
    constructor(string memory name_, string memory symbol_, uint256 supply, address owner)
        ERC20(name_, symbol_)
    {
        if (supply == 0 || owner == address(0)) revert InvalidLaunch(supply, owner);
        _mint(owner, supply);
        emit Launched(owner, name_, symbol_, supply);
    }
}
