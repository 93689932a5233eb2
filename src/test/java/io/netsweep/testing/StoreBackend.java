package io.netsweep.testing;

/** The databases the scan store lives in; the store's tests and the store commands' tests run over both. */
public enum StoreBackend { SQLITE, POSTGRESQL }
