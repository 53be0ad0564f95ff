// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title AgentryCurveToken
/// @notice An ERC-20 launched on a linear bonding curve, in the style of pump.fun: the contract
///         holds the whole supply and sells `curveSupply` tokens for the native coin along the
///         published price p(s) = basePrice + slope * s / 1e18 (wei per whole token, s in base
///         units sold so far). The funds held for s tokens sold are exactly
///         R(s) = floor(s * (2e18 * basePrice + slope * s) / 2e36), so a sell pays back exactly
///         what the same tokens cost. When all `curveSupply` tokens are sold the curve
///         graduates: it closes for good and the raised funds plus the remaining supply go to
///         `beneficiary`.
contract AgentryCurveToken is ERC20, ReentrancyGuard {
    uint256 private constant ONE = 1e18;
    uint256 private constant TWO_ONE_SQ = 2e36;

    /// @notice Base units the curve sells before it graduates.
    uint256 public immutable curveSupply;
    /// @notice Price of the first token, in wei per whole token.
    uint256 public immutable basePrice;
    /// @notice Price increase per whole token sold, in wei per whole token.
    uint256 public immutable slope;
    /// @notice Receives the raised funds and the remaining supply at graduation.
    address public immutable beneficiary;
    /// @notice Base units sold along the curve so far.
    uint256 public sold;
    /// @notice Whether the curve has graduated (closed).
    bool public graduated;

    /// @notice Emitted once, at deployment.
    event Launched(string name, string symbol, uint256 totalSupply, uint256 curveSupply,
        uint256 basePrice, uint256 slope, address beneficiary);
    /// @notice Emitted for every buy.
    event Bought(address indexed buyer, uint256 paid, uint256 tokensOut, uint256 sold, uint256 reserve);
    /// @notice Emitted for every sell.
    event Sold(address indexed seller, uint256 tokensIn, uint256 paidOut, uint256 sold, uint256 reserve);
    /// @notice Emitted once, when the curve closes.
    event Graduated(address indexed beneficiary, uint256 raised, uint256 tokensToBeneficiary);

    /// @notice Parameters out of range.
    error InvalidCurve(uint256 totalSupply, uint256 curveSupply, uint256 basePrice, uint256 slope);
    /// @notice The curve has graduated; buying and selling are closed.
    error CurveClosed();
    /// @notice Zero value sent or zero tokens offered.
    error ZeroAmount();
    /// @notice The trade would give less than the caller's minimum.
    error SlippageExceeded(uint256 amountOut, uint256 minimumOut);
    /// @notice More tokens offered than have been sold along the curve.
    error ExceedsSold(uint256 tokensIn, uint256 sold);
    /// @notice A native-coin payment failed.
    error PaymentFailed(address to, uint256 amount);

    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param totalSupply_ whole supply in base units, held by the contract
    /// @param curveSupply_ base units sold along the curve; graduation when all are sold
    /// @param basePrice_ wei per whole token at s = 0
    /// @param slope_ wei per whole token added per whole token sold
    /// @param beneficiary_ receives the funds and the rest of the supply at graduation
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 totalSupply_,
        uint256 curveSupply_,
        uint256 basePrice_,
        uint256 slope_,
        address beneficiary_
    ) ERC20(name_, symbol_) {
        if (
            curveSupply_ == 0 || curveSupply_ > totalSupply_ || totalSupply_ > 1e33
                || basePrice_ > 1e18 || slope_ > 1e18 || (basePrice_ == 0 && slope_ == 0)
                || beneficiary_ == address(0)
                || slope_ * Math.mulDiv(curveSupply_, 2 * ONE * basePrice_ + slope_ * curveSupply_, TWO_ONE_SQ) > 1e40
        ) revert InvalidCurve(totalSupply_, curveSupply_, basePrice_, slope_);
        curveSupply = curveSupply_;
        basePrice = basePrice_;
        slope = slope_;
        beneficiary = beneficiary_;
        _mint(address(this), totalSupply_);
        emit Launched(name_, symbol_, totalSupply_, curveSupply_, basePrice_, slope_, beneficiary_);
    }

    /// @notice Funds held by the curve when `s` base units are sold: R(s).
    function reserveAt(uint256 s) public view returns (uint256) {
        return Math.mulDiv(s, 2 * ONE * basePrice + slope * s, TWO_ONE_SQ);
    }

    /// @notice Spot price at `s` base units sold, in wei per whole token.
    function priceAt(uint256 s) public view returns (uint256) {
        return basePrice + Math.mulDiv(slope, s, ONE);
    }

    /// @notice Funds held now.
    function reserve() public view returns (uint256) {
        return reserveAt(sold);
    }

    /// @notice Funds a buyer must pay in total to graduate the curve from here.
    function remainingToGraduate() external view returns (uint256) {
        return graduated ? 0 : reserveAt(curveSupply) - reserveAt(sold);
    }

    /// @notice Largest s with R(s) <= funds (floor of the quadratic's root), capped at curveSupply.
    function _supplyFor(uint256 funds) private view returns (uint256 s) {
        if (funds >= reserveAt(curveSupply)) return curveSupply;
        uint256 b = 2 * ONE * basePrice;
        if (slope == 0) {
            s = Math.mulDiv(funds, TWO_ONE_SQ, b);
        } else {
            // slope*s^2 + b*s - 2e36*funds = 0  ->  s = (sqrt(b^2 + 4*slope*2e36*funds) - b) / (2*slope)
            uint256 disc = b * b + 4 * slope * TWO_ONE_SQ * funds;
            s = (Math.sqrt(disc) - b) / (2 * slope);
        }
        if (s > curveSupply) s = curveSupply;
        // guard against rounding: make sure R(s) <= funds
        while (s > 0 && reserveAt(s) > funds) s--;
    }

    /// @notice Tokens and cost for a buy paying at most `value` wei now.
    /// @return tokensOut base units received
    /// @return cost wei actually taken (the rest is refunded)
    function quoteBuy(uint256 value) public view returns (uint256 tokensOut, uint256 cost) {
        if (graduated) return (0, 0);
        uint256 r0 = reserveAt(sold);
        uint256 s1 = _supplyFor(r0 + value);
        if (s1 <= sold) return (0, 0);
        tokensOut = s1 - sold;
        cost = reserveAt(s1) - r0;
    }

    /// @notice Wei paid for selling `tokensIn` base units now.
    function quoteSell(uint256 tokensIn) public view returns (uint256) {
        if (graduated || tokensIn > sold) return 0;
        return reserveAt(sold) - reserveAt(sold - tokensIn);
    }

    /// @notice Buys tokens with the value sent; the unspent part is refunded. Graduates the
    ///         curve when the last curve token is sold.
    /// @param minTokensOut smallest acceptable amount of base units
    /// @return tokensOut base units received
    function buy(uint256 minTokensOut) external payable nonReentrant returns (uint256 tokensOut) {
        if (graduated) revert CurveClosed();
        if (msg.value == 0) revert ZeroAmount();
        uint256 cost;
        (tokensOut, cost) = quoteBuy(msg.value);
        if (tokensOut == 0 || tokensOut < minTokensOut) revert SlippageExceeded(tokensOut, minTokensOut);
        sold += tokensOut;
        _transfer(address(this), msg.sender, tokensOut);
        emit Bought(msg.sender, cost, tokensOut, sold, reserveAt(sold));
        uint256 refund = msg.value - cost;
        if (sold == curveSupply) _graduate();
        if (refund > 0) _pay(msg.sender, refund);
    }

    /// @notice Sells tokens back to the curve.
    /// @param tokensIn base units to sell
    /// @param minEthOut smallest acceptable payment in wei
    /// @return paidOut wei received
    function sell(uint256 tokensIn, uint256 minEthOut) external nonReentrant returns (uint256 paidOut) {
        if (graduated) revert CurveClosed();
        if (tokensIn == 0) revert ZeroAmount();
        if (tokensIn > sold) revert ExceedsSold(tokensIn, sold);
        paidOut = quoteSell(tokensIn);
        if (paidOut < minEthOut) revert SlippageExceeded(paidOut, minEthOut);
        sold -= tokensIn;
        _transfer(msg.sender, address(this), tokensIn);
        emit Sold(msg.sender, tokensIn, paidOut, sold, reserveAt(sold));
        _pay(msg.sender, paidOut);
    }

    function _graduate() private {
        graduated = true;
        uint256 raised = reserveAt(sold);
        uint256 rest = balanceOf(address(this));
        _transfer(address(this), beneficiary, rest);
        emit Graduated(beneficiary, raised, rest);
        _pay(beneficiary, raised);
    }

    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert PaymentFailed(to, amount);
    }
}
