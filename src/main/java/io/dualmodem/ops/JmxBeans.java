package io.dualmodem.ops;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/** Our MBeans, registered with the platform MBean server while the application runs. */
public final class JmxBeans {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Map<ObjectName, Object> beans = new LinkedHashMap<>();

    /**
     * Makes the platform MBean server on a thread of its own, beside the rest of start-up: its first making loads the
     * JDK's management classes and registers the JVM's own MBeans (a twentieth of the start-up on x86). The first
     * {@code JmxBeans} and Camel's JMX agent find it made, or wait for it.
     */
    public static void startServerAhead() {
        Thread starter = new Thread(() -> {
            try {
                ManagementFactory.getPlatformMBeanServer();
            } catch (RuntimeException | LinkageError e) {
                // the first JmxBeans makes it again and reports why it cannot
            }
        }, "jmx-load");
        starter.setDaemon(true);
        starter.start();
    }

    public synchronized <T> JmxBeans add(String name, Class<T> view, T bean) {
        try {
            beans.put(new ObjectName(name), new StandardMBean(bean, view));
        } catch (JMException e) {
            throw new IllegalArgumentException("bad MBean name " + name, e);
        }
        return this;
    }

    /** Registers what is not yet registered; a failure is logged, not thrown (for MBeans added while running). */
    public void registerAllQuietly() {
        try {
            registerAll();
        } catch (JMException e) {
            org.slf4j.LoggerFactory.getLogger(JmxBeans.class).warn("cannot register MBeans: {}", e.toString());
        }
    }

    public synchronized void registerAll() throws JMException {
        for (Map.Entry<ObjectName, Object> bean : beans.entrySet()) {
            if (!server.isRegistered(bean.getKey())) {
                server.registerMBean(bean.getValue(), bean.getKey());
            }
        }
    }

    public synchronized void unregisterAll() throws JMException {
        for (ObjectName name : beans.keySet()) {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        }
    }
}
