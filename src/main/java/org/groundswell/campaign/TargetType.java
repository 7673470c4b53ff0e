package org.groundswell.campaign;

/** Who a step is addressed to: a fixed contact, or the supporter's own members of Congress. */
public enum TargetType {
    FIXED,
    SENATORS,
    HOUSE_REPRESENTATIVE
}
