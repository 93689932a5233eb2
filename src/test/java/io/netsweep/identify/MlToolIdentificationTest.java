package io.netsweep.identify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MlToolIdentificationTest extends IdentificationTestSupport {

    @Test
    void openWebUiWithoutLoginListsItsModels() throws Exception {
        assertIdentity(identified(MlFakes.openWebUi(false)), "Open WebUI", Optional.of("0.5.20"), "ml-ui",
                AuthState.NONE, "llama3.2:3b");
    }

    @Test
    void openWebUiWithLoginNeedsCredentials() throws Exception {
        assertIdentity(identified(MlFakes.openWebUi(true)), "Open WebUI", Optional.of("0.5.20"), "ml-ui",
                AuthState.REQUIRED);
    }

    @Test
    void jupyterWithATokenNeedsCredentials() throws Exception {
        ServiceIdentity identity = identified(MlFakes.jupyter(true));
        assertIdentity(identity, "Jupyter Server", Optional.of("2.14.2"), "notebook", AuthState.REQUIRED);
        assertThat(identity.evidence()).contains("/tree");
    }

    @Test
    void jupyterWithoutATokenIsOpen() throws Exception {
        assertIdentity(identified(MlFakes.jupyter(false)), "Jupyter Server", Optional.of("2.14.2"), "notebook",
                AuthState.NONE);
    }

    @Test
    void classicNotebookServerIsNamedJupyterNotebook() throws Exception {
        ServiceIdentity identity = identified(MlFakes.jupyter(false)
                .route("/api", FakeService.Reply.json("{\"version\": \"6.5.4\"}")));
        assertIdentity(identity, "Jupyter Notebook", Optional.of("6.5.4"), "notebook", AuthState.NONE);
    }

    @Test
    void tensorBoardIsNamedByItsEnvironment() throws Exception {
        assertIdentity(identified(MlFakes.tensorBoard()), "TensorBoard", Optional.of("2.15.1"), "ml-dashboard",
                AuthState.NONE);
    }

    @Test
    void mlflowIsVersionedByItsPlainTextVersion() throws Exception {
        assertIdentity(identified(MlFakes.mlflow()), "MLflow", Optional.of("2.19.0"), "ml-tracking", AuthState.NONE);
    }

    @Test
    void mlflowBehindBasicAuthNeedsCredentials() throws Exception {
        FakeService.Reply denied = FakeService.Reply.text(401, "text/plain", "You are not authenticated.")
                .header("WWW-Authenticate", "Basic realm=\"mlflow\"");
        ServiceIdentity identity = identified(MlFakes.mlflow()
                .route("/", denied).route("/api/2.0/mlflow/experiments/search", denied).route("/version", denied));
        assertIdentity(identity, "MLflow", Optional.empty(), "ml-tracking", AuthState.REQUIRED);
    }

    @Test
    void gradioIsNamedByItsConfig() throws Exception {
        assertIdentity(identified(MlFakes.gradio()), "Gradio", Optional.of("4.44.1"), "ml-ui", AuthState.NONE);
    }

    @Test
    void streamlitIsNamedByItsHealthAndHostConfig() throws Exception {
        assertIdentity(identified(MlFakes.streamlit()), "Streamlit", Optional.empty(), "ml-ui", AuthState.NONE);
    }

    @Test
    void comfyUiIsNamedBySystemStatsAndListsCheckpoints() throws Exception {
        assertIdentity(identified(MlFakes.comfyUi()), "ComfyUI", Optional.of("0.3.12"), "ml-ui", AuthState.NONE,
                "sd_xl_base_1.0.safetensors", "v1-5-pruned-emaonly.safetensors");
    }

    @Test
    void rayDashboardIsNamedByRayVersion() throws Exception {
        assertIdentity(identified(MlFakes.rayDashboard()), "Ray Dashboard", Optional.of("2.40.0"), "ml-dashboard",
                AuthState.NONE);
    }
}
