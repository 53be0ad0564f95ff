// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// The curve functions the attack uses.
interface ICurve {
    function buy(uint256 minTokensOut, uint256 deadline) external payable returns (uint256);
    function sell(uint256 tokensIn, uint256 minEthOut, uint256 deadline) external returns (uint256);
    function withdrawFees() external;
    function feesOwed() external view returns (uint256);
    function beneficiary() external view returns (address);
    function balanceOf(address owner) external view returns (uint256);
}

/// What a borrower of the FlashLender implements.
interface IFlashBorrower {
    /// Receives the loan; must send it back before returning.
    function onFlashLoan() external payable;
}

/// Lends its ether for the length of one call and reverts unless it is paid back in full.
contract FlashLender {
    error NotRepaid(uint256 before, uint256 afterwards);

    constructor() payable {}

    receive() external payable {}

    /// Sends `amount` to the caller's `onFlashLoan` and checks that it came back.
    function flashLoan(uint256 amount) external {
        uint256 before = address(this).balance;
        IFlashBorrower(msg.sender).onFlashLoan{value: amount}();
        if (address(this).balance < before) revert NotRepaid(before, address(this).balance);
    }
}

/// The attack of the acceptance run: borrow, buy the curve out (it graduates), sell everything
/// back, collect the fees when it is the curve's beneficiary, repay, all in one transaction.
contract FlashBuyout is IFlashBorrower {
    ICurve private curve;
    FlashLender private lender;

    receive() external payable {}

    /// Runs the attack with a loan of `amount` wei.
    function attack(address curve_, address payable lender_, uint256 amount) external {
        curve = ICurve(curve_);
        lender = FlashLender(lender_);
        lender.flashLoan(amount);
    }

    /// Called by the lender with the loan.
    function onFlashLoan() external payable override {
        curve.buy{value: msg.value}(0, block.timestamp);
        curve.sell(curve.balanceOf(address(this)), 0, block.timestamp);
        if (curve.beneficiary() == address(this) && curve.feesOwed() > 0) curve.withdrawFees();
        (bool ok,) = payable(address(lender)).call{value: msg.value}("");
        require(ok, "repay failed");
    }
}
