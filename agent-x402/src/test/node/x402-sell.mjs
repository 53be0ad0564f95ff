// A reference x402 seller on the npm "x402" package's facilitator: answers 402 with exact-scheme
// requirements, and on X-PAYMENT decodes, verifies and settles the payment with x402/facilitator
// (viem clients on RPC_URL, gas paid by FACILITATOR_KEY), then answers 200 with X-PAYMENT-RESPONSE.
// Prints {"port": N} once listening on 127.0.0.1.  Env: FACILITATOR_KEY, RPC_URL, ASSET, PAY_TO, PRICE (base units).
import http from "node:http";
import { createPublicClient, createWalletClient, http as transport, publicActions } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { baseSepolia } from "viem/chains";
import { verify, settle } from "x402/facilitator";
import { exact } from "x402/schemes";
import { settleResponseHeader } from "x402/types";

const rpc = transport(process.env.RPC_URL);
const reader = createPublicClient({ chain: baseSepolia, transport: rpc });
const signer = createWalletClient({ account: privateKeyToAccount(process.env.FACILITATOR_KEY), chain: baseSepolia, transport: rpc })
  .extend(publicActions);
let served = 0;

const server = http.createServer(async (req, res) => {
  const requirements = { scheme: "exact", network: "base-sepolia", maxAmountRequired: process.env.PRICE,
    resource: `http://127.0.0.1:${server.address().port}${req.url}`, description: "reference seller", mimeType: "application/json",
    payTo: process.env.PAY_TO, maxTimeoutSeconds: 60, asset: process.env.ASSET, extra: { name: "USD Coin", version: "2" } };
  const refuse = (error) => {
    res.writeHead(402, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ x402Version: 1, error, accepts: [requirements] }));
  };
  const header = req.headers["x-payment"];
  if (!header) return refuse("X-PAYMENT header is required");
  try {
    const payment = exact.evm.decodePayment(header);
    const valid = await verify(reader, payment, requirements);
    if (!valid.isValid) return refuse(valid.invalidReason);
    const settled = await settle(signer, payment, requirements);
    if (!settled.success) return refuse(settled.errorReason);
    served++;
    res.writeHead(200, { "Content-Type": "application/json", "X-PAYMENT-RESPONSE": settleResponseHeader(settled) });
    res.end(JSON.stringify({ answer: "paid content", served }));
  } catch (e) {
    refuse("invalid_payload: " + e.message);
  }
});
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
