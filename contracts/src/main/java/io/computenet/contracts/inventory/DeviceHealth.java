package io.computenet.contracts.inventory;

/** Health of one device as its vendor tool reports it, reduced to four levels. */
public enum DeviceHealth {
    OK,
    WARNING,
    CRITICAL,
    UNKNOWN
}
