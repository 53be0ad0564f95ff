// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// Forces its value into any address, even one without receive(), by selfdestruct.
contract ForceSend {
    constructor(address payable to) payable {
        selfdestruct(to);
    }
}

/// A beneficiary whose receive() always reverts: it must block nothing but its own withdrawal.
contract RevertingReceiver {
    receive() external payable {
        revert("no thanks");
    }
}
