package io.netsweep.identify;

/** The category names reported in {@link ServiceIdentity#category()}. */
final class Categories {
    static final String LLM_SERVER = "llm-server";
    static final String ML_UI = "ml-ui";
    static final String NOTEBOOK = "notebook";
    static final String ML_TRACKING = "ml-tracking";
    static final String ML_DASHBOARD = "ml-dashboard";
    static final String ML_SERVING = "ml-serving";
    static final String VECTOR_DB = "vector-db";

    private Categories() {}
}
