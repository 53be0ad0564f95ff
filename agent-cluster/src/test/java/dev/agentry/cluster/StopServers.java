package dev.agentry.cluster;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Stops the shared test servers when the test session ends (registered in META-INF/services). */
public final class StopServers implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        TestServers.stopAll();
    }
}
