package dev.agentry.x402.internal;

import dev.agentry.core.ToolArguments;
import dev.agentry.core.ToolException;
import dev.agentry.x402.X402Asset;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Probes a resource without paying and picks the payment terms this agent can pay, refusing the rest with the reason. */
final class Offers {
    private final HttpFetcher http;
    private final String network;
    private final List<X402Asset> assets;

    Offers(HttpFetcher http, String network, List<X402Asset> assets) {
        this.http = http;
        this.network = network;
        this.assets = assets;
    }

    Offer probe(ToolArguments a) {
        HttpFetcher.Response r = http.fetch(a, Optional.empty());
        if (r.status() == 200) {
            return new Offer(Optional.empty(), Optional.empty(), System.nanoTime());
        }
        if (r.status() != 402) {
            throw new ToolException("the resource answered HTTP " + r.status() + " " + error(r.body()) + " without payment terms");
        }
        JsonNode body;
        try {
            body = Wire.JSON.readTree(r.body());
        } catch (RuntimeException e) {
            throw new ToolException("the resource answered 402 without x402 payment terms (the body is not JSON)");
        }
        List<String> offered = new ArrayList<>();
        for (JsonNode accept : body.path("accepts")) {
            Wire.Requirements req;
            try {
                req = Wire.Requirements.parse(accept);
            } catch (IllegalArgumentException e) {
                offered.add("malformed terms (" + e.getMessage() + ")");
                continue;
            }
            String scheme = accept.path("scheme").asString("");
            Optional<X402Asset> asset = assets.stream().filter(x -> x.address().equalsIgnoreCase(req.asset())).findFirst();
            offered.add(scheme + " " + req.maxAmountRequired() + " of " + req.asset() + " on " + req.network());
            if (Wire.EXACT.equals(scheme) && network.equals(req.network()) && asset.isPresent()) {
                return accept(a, req, asset.get());
            }
        }
        throw new ToolException("the resource asks for " + (offered.isEmpty() ? "no payment terms at all" : String.join("; ", offered))
                + ", none of which this agent pays with (it pays " + assets.stream().map(x -> x.symbol() + " " + x.address()).toList()
                + " on " + network + " with scheme exact); nothing was paid");
    }

    private Offer accept(ToolArguments a, Wire.Requirements req, X402Asset asset) {
        if (!req.payTo().matches("0x[0-9a-fA-F]{40}") || req.payTo().matches("0x0{40}")) {
            throw new ToolException("the resource asks to pay " + req.payTo() + ", not a payable address; nothing was paid");
        }
        if (req.maxAmountRequired().signum() <= 0) {
            throw new ToolException("the resource asks for an amount of 0; nothing was paid");
        }
        Offer offer = new Offer(Optional.of(req), Optional.of(asset), System.nanoTime());
        if (a.has("max_amount")) {
            BigDecimal max = a.decimal("max_amount");
            if (offer.amount().compareTo(max) > 0) {
                throw new ToolException("the resource costs " + offer.amount().toPlainString() + " " + asset.symbol() + ", more than max_amount "
                        + max.toPlainString() + "; nothing was paid");
            }
        }
        return offer;
    }

    /** Returns the {@code error} of an x402 or JSON error body, or a short start of the body. */
    static String error(String body) {
        try {
            String e = Wire.JSON.readTree(body).path("error").asString("");
            if (!e.isEmpty()) {
                return "(" + e + ")";
            }
        } catch (RuntimeException ignored) {
            // not JSON: show its start
        }
        return body.isBlank() ? "" : "(" + (body.length() > 200 ? body.substring(0, 200) + "…" : body) + ")";
    }
}
