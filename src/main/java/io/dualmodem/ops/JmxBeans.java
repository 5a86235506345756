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
