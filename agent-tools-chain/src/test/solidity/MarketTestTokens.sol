// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// An ERC-20 that burns 1% of every transfer (a "fee-on-transfer" token): Uniswap V2's quotes are
/// wrong for it, so the swap tools must refuse it.
contract FeeOnTransferToken is ERC20 {
    /// Mints `supply` to the deployer.
    constructor(uint256 supply) ERC20("Taxed", "TAX") {
        _mint(msg.sender, supply);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) {
            super._update(from, to, value);
            return;
        }
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// A plain ERC-20 minted to the deployer, for pools and holder rules.
contract PlainToken is ERC20 {
    /// Mints `supply` to the deployer.
    constructor(string memory name_, string memory symbol_, uint256 supply) ERC20(name_, symbol_) {
        _mint(msg.sender, supply);
    }
}

/// An NFT collection anyone can mint from, for holder rules.
contract TestCollection is ERC721 {
    uint256 private next;

    constructor() ERC721("Holders Pass", "PASS") {}

    /// Mints the next token id to `to`.
    function mint(address to) external returns (uint256 id) {
        id = ++next;
        _mint(to, id);
    }
}
