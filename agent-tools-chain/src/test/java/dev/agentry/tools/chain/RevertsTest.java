package dev.agentry.tools.chain;

import dev.agentry.testkit.Anvil;
import static org.assertj.core.api.Assertions.assertThat;

import dev.agentry.tools.chain.internal.Reverts;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/** Revert data decoding: Error(string), Panic(uint256), custom errors, unknown selectors. */
class RevertsTest {

    @Test
    void decodesErrorString() {
        String data = FunctionEncoder.encode(new Function("Error", List.of(new Utf8String("not enough tokens")), List.of()));
        assertThat(data).startsWith("0x08c379a0");
        assertThat(Reverts.decode(data)).isEqualTo("Error(\"not enough tokens\")");
    }

    @Test
    void decodesPanicWithMeaning() {
        String data = FunctionEncoder.encode(new Function("Panic", List.of(new Uint256(0x11)), List.of()));
        assertThat(data).startsWith("0x4e487b71");
        assertThat(Reverts.decode(data)).isEqualTo("Panic(0x11: arithmetic overflow or underflow)");
        assertThat(Reverts.decode(FunctionEncoder.encode(new Function("Panic", List.of(new Uint256(0x12)), List.of()))))
                .contains("division or modulo by zero");
    }

    @Test
    void decodesOpenZeppelinCustomErrors() {
        String data = FunctionEncoder.encode(new Function("ERC20InsufficientBalance",
                List.of(new Address(Anvil.ADDRESS_1), new Uint256(5), new Uint256(7)), List.of()));
        assertThat(Reverts.decode(data)).isEqualTo("ERC20InsufficientBalance(sender=0x70997970c51812dc3a010c7d01b50e0d17dc79c8, balance=5, needed=7)");
    }

    @Test
    void unknownAndEmpty() {
        assertThat(Reverts.decode("0xdeadbeef")).isEqualTo("unknown error 0xdeadbeef");
        assertThat(Reverts.decode("0x")).isEqualTo("no reason given");
        assertThat(Reverts.decode(null)).isEqualTo("no reason given");
    }
}
