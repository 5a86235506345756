package io.dualmodem.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.modelmbean.InvalidTargetObjectTypeException;
import javax.management.modelmbean.ModelMBean;
import javax.management.modelmbean.ModelMBeanInfo;
import javax.management.modelmbean.RequiredModelMBean;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedInstance;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.api.management.NotificationSenderAware;
import org.apache.camel.spi.ManagementMBeanAssembler;
import org.apache.camel.support.management.MBeanInfoAssembler;
import org.apache.camel.support.management.MixinRequiredModelMBean;
import org.apache.camel.support.management.NotificationSenderAdapter;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's MBean assembler ({@code DefaultManagementMBeanAssembler}, the same steps) with one {@link ModelMBeanInfo}
 * per managed class instead of one per MBean. Camel's info depends on the classes alone (their annotations, the class
 * name as the info's name), yet it builds a new one, with a descriptor for every attribute and operation, for each of
 * its ~100 MBeans: most of the ~3.6 MB that JMX added to the heap's ~12 MB of live data. The JMX model MBean copies
 * an info it is given and writes a descriptor only to cache a value when {@code currencyTimeLimit} is set, which
 * Camel never sets, so one info serves every MBean of a class.
 */
final class SharedInfoMBeanAssembler extends ServiceSupport implements ManagementMBeanAssembler {

    private final CamelContext camel;
    private final Map<InfoKey, ModelMBeanInfo> infos = new ConcurrentHashMap<>();

    SharedInfoMBeanAssembler(CamelContext camel) {
        this.camel = camel;
    }

    /** The classes an info is made of: the managed object's and, when it wraps an annotated one, that one's. */
    private record InfoKey(Class<?> managed, Class<?> custom) {
    }

    @Override
    public ModelMBean assemble(MBeanServer server, Object managed, ObjectName name) throws JMException {
        Object custom = managed instanceof ManagedInstance instance ? instance.getInstance() : null;
        if (custom != null && !custom.getClass().isAnnotationPresent(ManagedResource.class)) {
            custom = null;
        }
        ModelMBeanInfo info = info(managed, custom, name);
        if (info == null) {
            return null; // a proxy class: Camel does not manage those either
        }
        Boolean mask = camel.getManagementStrategy().getManagementAgent().getMask();
        try {
            RequiredModelMBean standard = null;
            ModelMBeanInfo standardInfo = null;
            Object resource = managed;
            if (custom != null) {
                standardInfo = info(managed, null, name);
                standard = (RequiredModelMBean) server.instantiate(RequiredModelMBean.class.getName());
                standard.setModelMBeanInfo(standardInfo);
                standard.setManagedResource(managed, "ObjectReference");
                resource = custom;
            }
            RequiredModelMBean mbean = new MixinRequiredModelMBean(info, mask != null && mask, standardInfo, standard);
            mbean.setManagedResource(resource, "ObjectReference");
            if (resource instanceof NotificationSenderAware aware) {
                aware.setNotificationSender(new NotificationSenderAdapter(mbean));
            }
            return mbean;
        } catch (InvalidTargetObjectTypeException e) {
            throw new JMException(e.getMessage());
        }
    }

    private ModelMBeanInfo info(Object managed, Object custom, ObjectName name) throws JMException {
        InfoKey key = new InfoKey(managed.getClass(), custom == null ? null : custom.getClass());
        ModelMBeanInfo info = infos.get(key);
        if (info == null) {
            // Camel's assembler for this one info: its own per-class cache would only hold what this map already does
            MBeanInfoAssembler camelInfo = new MBeanInfoAssembler(camel);
            camelInfo.start();
            info = camelInfo.getMBeanInfo(camel, managed, custom, name.toString());
            camelInfo.stop();
            if (info != null) {
                infos.putIfAbsent(key, info);
            }
        }
        return info;
    }

    @Override
    protected void doStop() {
        infos.clear();
    }
}
