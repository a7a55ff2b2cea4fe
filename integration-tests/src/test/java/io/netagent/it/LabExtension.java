package io.netagent.it;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * A fresh {@link Lab} for every test of a class declared {@code @ExtendWith(LabExtension.class)}:
 * before each test (before the class's own {@code @BeforeEach} methods) it opens a lab and sets the
 * test's fields of type {@link Lab} and {@link Agent} (netagent run in that lab); after each test
 * (after the class's own {@code @AfterEach} methods, which may still use the lab, e.g. to stop a
 * daemon) it closes the lab, which deletes the lab's namespaces and asserts that none is left. The
 * lab is closed whether the test, its set-up or its tear-down failed or not.
 */
final class LabExtension implements BeforeEachCallback, AfterEachCallback {
  private static final Namespace NAMESPACE = Namespace.create(LabExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) throws IllegalAccessException {
    Lab lab = new Lab();
    // In the test's store, so that JUnit closes it should afterEach never run.
    context.getStore(NAMESPACE).put(Lab.class, lab);
    Agent agent = new Agent(lab);
    Object test = context.getRequiredTestInstance();
    for (Class<?> c = test.getClass(); c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && (field.getType() == Lab.class || field.getType() == Agent.class)) {
          field.setAccessible(true);
          field.set(test, field.getType() == Lab.class ? lab : agent);
        }
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Lab lab = context.getStore(NAMESPACE).remove(Lab.class, Lab.class);
    if (lab != null) {
      lab.close();
    }
  }
}
