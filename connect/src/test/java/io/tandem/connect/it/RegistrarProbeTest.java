package io.tandem.connect.it;

import io.tandem.processor.Transport;
import io.tandem.testkit.Ports;
import org.junit.jupiter.api.Test;

class RegistrarProbeTest extends ConnectFixture {
    @Test
    void probe() throws Exception {
        RegWorld.write(this);
        start();
        int port = Ports.free();
        var run = sipp.uac("reg-register.xml", port, address(Transport.UDP))
            .set("USER", "1001").set("PASSWORD", RegWorld.PASSWORD_1001).set("DOMAIN", RegWorld.DOMAIN)
            .set("CONTACT", "<sip:1001@127.0.0.1:" + port + ">").set("EXPIRES", 3600).set("EXPECT", 200).start();
        run.exitCode();
        System.out.println(run.describe());
    }
}
