// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV2Factory} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV2Router02} from "@uniswap/v2-periphery/contracts/interfaces/IUniswapV2Router02.sol";
import {IWETH} from "@uniswap/v2-periphery/contracts/interfaces/IWETH.sol";

/// @title AgentryCurveToken
/// @notice An ERC-20 launched on a linear bonding curve, in the style of pump.fun: the contract
///         holds the whole supply and sells up to `curveSupply` tokens for the native coin along
///         the published price p(s) = basePrice + slope * s / 1e18 (wei per whole token, s in
///         base units sold so far). The funds held for s tokens sold are exactly
///         R(s) = floor(s * (2e18 * basePrice + slope * s) / 2e36), tracked in `reserve`, so a
///         sell pays back exactly what the same tokens cost, and whatever the order of trades the
///         reserve always covers every holder selling out.
///
///         A trade fee of `feeBps` (at most 5%) is added to buys and taken from sells; it is
///         credited to `beneficiary`, who collects it by pull (`withdrawFees`), so a receiver
///         that reverts blocks nothing but its own withdrawal.
///
///         Buys come exact-in (`buy`: pay at most msg.value, get the most tokens it affords) or
///         exact-out (`buyExact`: get exactly n tokens for at most msg.value); every trade carries
///         a deadline and a slippage bound.
///
///         Graduation: when every curve token is sold the curve records it (`graduated`, event
///         `Graduated`) and pays nobody.
///         - With a Uniswap V2 router (`pair` set, created at deployment): the same buy seeds the
///           pair with the whole reserve (wrapped) and `poolTokens` tokens, so the pool opens at the
///           curve's last price p(curveSupply), never above it (a flash-loan buyer who sells
///           into the pool gets back less than the buyout cost); the rest of the supply is burned
///           and the LP tokens are minted to address(0), burned. From then on the curve neither
///           buys nor sells (`TradingMoved`): the token trades on the pair. Before graduation no
///           token can be sent to the pair, so nobody can open the pool at a price of their own.
///         - Without a router: the curve keeps trading both ways against its reserve, so holders
///           always have a way out; the supply beyond `curveSupply` stays locked in the contract.
///         Either way no address, launcher or buyer, ever receives the reserve.
///
///         Stray value: tokens cannot be sent straight to the curve (only `sell` moves tokens in),
///         so none can be stuck here. Ether forced in (selfdestruct, block rewards) is not part of
///         the reserve or the fees and does not change any price; like Uniswap V2's pair, anyone
///         may `skim` that surplus to any address. Neither path ever touches the reserve.
contract AgentryCurveToken is ERC20, ReentrancyGuard {
    uint256 private constant ONE = 1e18;
    uint256 private constant TWO_ONE_SQ = 2e36;
    uint256 private constant BPS = 10_000;
    /// @notice Highest trade fee, in basis points (5%).
    uint256 public constant MAX_FEE_BPS = 500;
    /// @notice Lowest base price, in wei per whole token: cheaper curves are degenerate (a few wei
    ///         would buy a whole curve).
    uint256 public constant MIN_BASE_PRICE = 1e6;

    /// @notice Base units the curve sells; graduation when all are sold.
    uint256 public immutable curveSupply;
    /// @notice Price of the first token, in wei per whole token.
    uint256 public immutable basePrice;
    /// @notice Price increase per whole token sold, in wei per whole token.
    uint256 public immutable slope;
    /// @notice Trade fee in basis points, credited to the beneficiary.
    uint256 public immutable feeBps;
    /// @notice Collects the trade fees (by pull).
    address public immutable beneficiary;
    /// @notice The Uniswap V2 pair (token/WETH) seeded at graduation; address(0) without a router.
    address public immutable pair;
    /// @notice The wrapped native coin of the router; address(0) without a router.
    address public immutable weth;
    /// @notice Base units that go to the pair at graduation: R(curveSupply) / p(curveSupply), rounded up.
    uint256 public immutable poolTokens;
    /// @notice Base units sold along the curve so far (held by buyers).
    uint256 public sold;
    /// @notice Wei held for the tokens sold: always R(sold).
    uint256 public reserve;
    /// @notice Fees credited to the beneficiary and not yet withdrawn, in wei.
    uint256 public feesOwed;
    /// @notice Whether the curve has sold out at least once.
    bool public graduated;

    /// @notice Emitted once, at deployment.
    event Launched(string name, string symbol, uint256 totalSupply, uint256 curveSupply,
        uint256 basePrice, uint256 slope, uint256 feeBps, address beneficiary);
    /// @notice Emitted for every buy; `cost` goes to the reserve, `fee` to the beneficiary's credit.
    event Bought(address indexed buyer, uint256 cost, uint256 fee, uint256 tokensOut, uint256 sold, uint256 reserve);
    /// @notice Emitted for every sell; `paidOut` went to the seller, `fee` to the beneficiary's credit.
    event Sold(address indexed seller, uint256 tokensIn, uint256 paidOut, uint256 fee, uint256 sold, uint256 reserve);
    /// @notice Emitted once, when the curve first sells out. Nothing is paid to anyone.
    event Graduated(uint256 reserve);
    /// @notice Emitted once, with `Graduated`, when the reserve and `tokens` seed the pair; the LP tokens are burned.
    event PoolSeeded(address indexed pair, uint256 tokens, uint256 funds, uint256 liquidity, uint256 burned);
    /// @notice Emitted when the beneficiary's fees are paid out.
    event FeesWithdrawn(address indexed beneficiary, uint256 amount);
    /// @notice Emitted when ether forced into the contract is sent on.
    event Skimmed(address indexed to, uint256 amount);

    /// @notice Parameters out of range (degenerate or overflowing curve).
    error InvalidCurve(uint256 totalSupply, uint256 curveSupply, uint256 basePrice, uint256 slope, uint256 feeBps);
    /// @notice Every curve token is sold; buy again after someone sells.
    error SoldOut();
    /// @notice The curve graduated into `pair`: trade there.
    error TradingMoved(address pair);
    /// @notice Fewer tokens are left on the curve than asked for.
    error ExceedsSupply(uint256 tokensOut, uint256 available);
    /// @notice An exact-out buy would cost more than the value sent.
    error CostExceeded(uint256 cost, uint256 value);
    /// @notice The supply left beyond the curve cannot seed the pool at the curve's last price.
    error PoolSupplyTooSmall(uint256 needed, uint256 available);
    /// @notice Tokens cannot reach the pair before graduation seeds it.
    error PoolNotOpen();
    /// @notice Zero value sent or zero tokens offered.
    error ZeroAmount();
    /// @notice The value sent does not pay for a single base unit at the current price.
    error BuyTooSmall(uint256 value);
    /// @notice The trade would give less than the caller's minimum.
    error SlippageExceeded(uint256 amountOut, uint256 minimumOut);
    /// @notice More tokens offered than have been sold along the curve.
    error ExceedsSold(uint256 tokensIn, uint256 sold);
    /// @notice The trade's deadline has passed.
    error DeadlineExpired(uint256 deadline, uint256 timestamp);
    /// @notice Tokens cannot be transferred to the curve; use `sell`.
    error DirectTransferRefused();
    /// @notice Nothing to withdraw or skim.
    error NothingToPay();
    /// @notice A native-coin payment failed.
    error PaymentFailed(address to, uint256 amount);

    /// @param name_ token name
    /// @param symbol_ token symbol
    /// @param totalSupply_ whole supply in base units, held by the contract
    /// @param curveSupply_ base units sold along the curve, at least one whole token
    /// @param basePrice_ wei per whole token at s = 0, at least MIN_BASE_PRICE
    /// @param slope_ wei per whole token added per whole token sold (0 for a flat price)
    /// @param feeBps_ trade fee in basis points, at most MAX_FEE_BPS
    /// @param beneficiary_ collects the trade fees
    /// @param router_ a Uniswap V2 router whose pair receives the reserve at graduation, or address(0)
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 totalSupply_,
        uint256 curveSupply_,
        uint256 basePrice_,
        uint256 slope_,
        uint256 feeBps_,
        address beneficiary_,
        address router_
    ) ERC20(name_, symbol_) {
        if (
            curveSupply_ < ONE || curveSupply_ > totalSupply_ || totalSupply_ > 1e33
                || basePrice_ < MIN_BASE_PRICE || basePrice_ > ONE || slope_ > ONE || feeBps_ > MAX_FEE_BPS
                || beneficiary_ == address(0)
                || slope_ * Math.mulDiv(curveSupply_, 2 * ONE * basePrice_ + slope_ * curveSupply_, TWO_ONE_SQ) > 1e40
        ) revert InvalidCurve(totalSupply_, curveSupply_, basePrice_, slope_, feeBps_);
        curveSupply = curveSupply_;
        basePrice = basePrice_;
        slope = slope_;
        feeBps = feeBps_;
        beneficiary = beneficiary_;
        uint256 seed = Math.mulDiv(reserveAt(curveSupply_), ONE, priceAt(curveSupply_), Math.Rounding.Ceil);
        if (router_ != address(0)) {
            if (seed > totalSupply_ - curveSupply_) revert PoolSupplyTooSmall(seed, totalSupply_ - curveSupply_);
            weth = IUniswapV2Router02(router_).WETH();
            pair = IUniswapV2Factory(IUniswapV2Router02(router_).factory()).createPair(address(this), weth);
        }
        poolTokens = router_ == address(0) ? 0 : seed;
        _mint(address(this), totalSupply_);
        emit Launched(name_, symbol_, totalSupply_, curveSupply_, basePrice_, slope_, feeBps_, beneficiary_);
    }

    /// @notice Funds held by the curve when `s` base units are sold: R(s).
    function reserveAt(uint256 s) public view returns (uint256) {
        return Math.mulDiv(s, 2 * ONE * basePrice + slope * s, TWO_ONE_SQ);
    }

    /// @notice Spot price at `s` base units sold, in wei per whole token.
    function priceAt(uint256 s) public view returns (uint256) {
        return basePrice + Math.mulDiv(slope, s, ONE);
    }

    /// @notice Funds (before fees) a buyer must pay in total to graduate the curve from here.
    function remainingToGraduate() external view returns (uint256) {
        return graduated ? 0 : reserveAt(curveSupply) - reserve;
    }

    /// @notice Whether the curve graduated into its pair and trades no more.
    function tradingMoved() public view returns (bool) {
        return graduated && pair != address(0);
    }

    /// @notice Largest s <= curveSupply with R(s) <= funds.
    /// @dev R(s) <= funds  <=>  s * (b + slope * s) < 2e36 * (funds + 1)  <=>  s * (b + slope * s) <= k.
    ///      The constructor's bounds keep every product below 2^256.
    function _supplyFor(uint256 funds) private view returns (uint256 s) {
        if (funds >= reserveAt(curveSupply)) return curveSupply;
        uint256 b = 2 * ONE * basePrice;
        uint256 k = TWO_ONE_SQ * (funds + 1) - 1;
        if (slope == 0) return k / b;
        // root of slope*s^2 + b*s - k = 0; the integer square root rounds down, so the largest
        // fitting s is the computed one or the next
        s = (Math.sqrt(b * b + 4 * slope * k) - b) / (2 * slope);
        if ((s + 1) * (b + slope * (s + 1)) <= k) s++;
    }

    /// @notice Tokens, cost and fee of a buy paying at most `value` wei now.
    /// @return tokensOut base units received
    /// @return cost wei added to the reserve
    /// @return fee wei credited to the beneficiary (the rest of `value` is refunded)
    function quoteBuy(uint256 value) public view returns (uint256 tokensOut, uint256 cost, uint256 fee) {
        if (tradingMoved()) return (0, 0, 0);
        uint256 s1 = _supplyFor(reserve + value * BPS / (BPS + feeBps));
        if (s1 <= sold) return (0, 0, 0);
        tokensOut = s1 - sold;
        cost = reserveAt(s1) - reserve;
        fee = cost * feeBps / BPS;
    }

    /// @notice Wei paid for selling `tokensIn` base units now, after the fee.
    /// @return paidOut wei the seller receives
    /// @return fee wei credited to the beneficiary
    function quoteSell(uint256 tokensIn) public view returns (uint256 paidOut, uint256 fee) {
        if (tokensIn == 0 || tokensIn > sold || tradingMoved()) return (0, 0);
        uint256 gross = reserve - reserveAt(sold - tokensIn);
        fee = gross * feeBps / BPS;
        paidOut = gross - fee;
    }

    /// @notice Cost and fee of buying exactly `tokensOut` base units now; (0, 0) if not available.
    /// @return cost wei added to the reserve
    /// @return fee wei credited to the beneficiary
    function quoteBuyExact(uint256 tokensOut) public view returns (uint256 cost, uint256 fee) {
        if (tokensOut == 0 || tokensOut > curveSupply - sold || tradingMoved()) return (0, 0);
        cost = reserveAt(sold + tokensOut) - reserve;
        fee = cost * feeBps / BPS;
    }

    /// @notice Buys tokens with the value sent; the unspent part is refunded.
    /// @param minTokensOut smallest acceptable amount of base units
    /// @param deadline latest block timestamp at which the trade may execute
    /// @return tokensOut base units received
    function buy(uint256 minTokensOut, uint256 deadline) external payable nonReentrant returns (uint256 tokensOut) {
        _open(deadline);
        if (msg.value == 0) revert ZeroAmount();
        if (sold == curveSupply) revert SoldOut();
        uint256 cost;
        uint256 fee;
        (tokensOut, cost, fee) = quoteBuy(msg.value);
        if (tokensOut == 0) revert BuyTooSmall(msg.value);
        if (tokensOut < minTokensOut) revert SlippageExceeded(tokensOut, minTokensOut);
        _bought(tokensOut, cost, fee);
    }

    /// @notice Buys exactly `tokensOut` base units; msg.value is the most the buyer pays, fee
    ///         included, and what it does not cost is refunded.
    /// @param tokensOut base units to receive
    /// @param deadline latest block timestamp at which the trade may execute
    /// @return paid wei paid, fee included
    function buyExact(uint256 tokensOut, uint256 deadline) external payable nonReentrant returns (uint256 paid) {
        _open(deadline);
        if (tokensOut == 0) revert ZeroAmount();
        if (tokensOut > curveSupply - sold) revert ExceedsSupply(tokensOut, curveSupply - sold);
        (uint256 cost, uint256 fee) = quoteBuyExact(tokensOut);
        paid = cost + fee;
        if (paid > msg.value) revert CostExceeded(paid, msg.value);
        _bought(tokensOut, cost, fee);
    }

    function _open(uint256 deadline) private view {
        if (block.timestamp > deadline) revert DeadlineExpired(deadline, block.timestamp);
        if (tradingMoved()) revert TradingMoved(pair);
    }

    /// @dev Books a buy, graduates on sell-out and refunds what the buy did not cost.
    function _bought(uint256 tokensOut, uint256 cost, uint256 fee) private {
        sold += tokensOut;
        reserve += cost;
        feesOwed += fee;
        _transfer(address(this), msg.sender, tokensOut);
        emit Bought(msg.sender, cost, fee, tokensOut, sold, reserve);
        if (sold == curveSupply && !graduated) {
            graduated = true;
            emit Graduated(reserve);
            if (pair != address(0)) _seedPool();
        }
        _pay(msg.sender, msg.value - cost - fee);
    }

    /// @dev Moves the reserve (wrapped) and `poolTokens` into the pair, burns the rest of the
    ///      supply and mints the LP tokens to address(0). Ether or tokens donated to the pair
    ///      earlier only deepen the pool; the pair's first mint needs tokens, which only this can send.
    function _seedPool() private {
        uint256 funds = reserve;
        reserve = 0;
        uint256 burned = balanceOf(address(this)) - poolTokens;
        ERC20._update(address(this), pair, poolTokens);
        if (burned > 0) _burn(address(this), burned);
        IWETH(weth).deposit{value: funds}();
        if (!IWETH(weth).transfer(pair, funds)) revert PaymentFailed(pair, funds);
        uint256 liquidity = IUniswapV2Pair(pair).mint(address(0));
        emit PoolSeeded(pair, poolTokens, funds, liquidity, burned);
    }

    /// @notice Sells tokens back to the curve, until it graduates into a pair.
    /// @param tokensIn base units to sell
    /// @param minEthOut smallest acceptable payment in wei, after the fee
    /// @param deadline latest block timestamp at which the trade may execute
    /// @return paidOut wei received
    function sell(uint256 tokensIn, uint256 minEthOut, uint256 deadline) external nonReentrant returns (uint256 paidOut) {
        _open(deadline);
        if (tokensIn == 0) revert ZeroAmount();
        if (tokensIn > sold) revert ExceedsSold(tokensIn, sold);
        uint256 fee;
        (paidOut, fee) = quoteSell(tokensIn);
        if (paidOut < minEthOut) revert SlippageExceeded(paidOut, minEthOut);
        sold -= tokensIn;
        reserve -= paidOut + fee;
        feesOwed += fee;
        // the one way tokens come in: past the direct-transfer refusal in _update
        ERC20._update(msg.sender, address(this), tokensIn);
        emit Sold(msg.sender, tokensIn, paidOut, fee, sold, reserve);
        _pay(msg.sender, paidOut);
    }

    /// @notice Pays the fees credited so far to the beneficiary. Anyone may call it.
    function withdrawFees() external nonReentrant {
        uint256 amount = feesOwed;
        if (amount == 0) revert NothingToPay();
        feesOwed = 0;
        emit FeesWithdrawn(beneficiary, amount);
        _pay(beneficiary, amount);
    }

    /// @notice Ether held beyond the reserve and the fees owed (forced in), in wei.
    function surplus() public view returns (uint256) {
        return address(this).balance - reserve - feesOwed;
    }

    /// @notice Sends the surplus to `to`. Anyone may call it; the reserve and fees are untouched.
    function skim(address to) external nonReentrant {
        uint256 amount = surplus();
        if (amount == 0 || to == address(0)) revert NothingToPay();
        emit Skimmed(to, amount);
        _pay(to, amount);
    }

    /// @dev Refuses transfers into the curve other than `sell`, so no token can be stuck here,
    ///      and into the pair before graduation seeds it.
    function _update(address from, address to, uint256 value) internal override {
        if (to == address(this) && from != address(0)) revert DirectTransferRefused();
        if (to == pair && to != address(0) && !graduated) revert PoolNotOpen();
        super._update(from, to, value);
    }

    function _pay(address to, uint256 amount) private {
        if (amount == 0) return;
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) revert PaymentFailed(to, amount);
    }
}
