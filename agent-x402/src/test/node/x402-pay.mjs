// The reference x402 client (npm "x402"): fetches URL, pays its 402 with an EIP-3009 authorization
// signed by PAYER_KEY (viem), fetches again, and prints one JSON line:
// {status, body, paymentResponse, paymentHeader}.  Env: PAYER_KEY, RPC_URL.  Arg: the URL.
import { createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { baseSepolia } from "viem/chains";
import { createPaymentHeader, selectPaymentRequirements } from "x402/client";

const url = process.argv[2];
const wallet = createWalletClient({ account: privateKeyToAccount(process.env.PAYER_KEY), chain: baseSepolia,
  transport: http(process.env.RPC_URL) });
const first = await fetch(url);
if (first.status !== 402) {
  console.log(JSON.stringify({ status: first.status, body: await first.text() }));
  process.exit(0);
}
const terms = await first.json();
const requirements = selectPaymentRequirements(terms.accepts, "base-sepolia", "exact");
const paymentHeader = await createPaymentHeader(wallet, terms.x402Version, requirements);
const paid = await fetch(url, { headers: { "X-PAYMENT": paymentHeader } });
console.log(JSON.stringify({ status: paid.status, body: await paid.text(), paymentResponse: paid.headers.get("x-payment-response"),
  paymentHeader }));
