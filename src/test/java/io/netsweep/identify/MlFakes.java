package io.netsweep.identify;

import io.netsweep.identify.FakeService.Builder;
import io.netsweep.identify.FakeService.Reply;

/** Fakes of ML tools, UIs and notebooks, answering like each product's documented API. */
final class MlFakes {
    private MlFakes() {}

    static Builder openWebUi(boolean auth) {
        return openWebUi(auth, "0.5.20");
    }

    /** Open WebUI reporting {@code version} in its config and version answers. */
    static Builder openWebUi(boolean auth, String version) {
        Reply page = Reply.html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\" />"
                + "<title>Open WebUI</title></head><body><div style=\"display: contents\"></div></body></html>");
        return FakeService.builder("open-webui")
                .route("/", page)
                .route("/api/config", Reply.json("{\"status\":true,\"name\":\"Open WebUI\",\"version\":\"" + version + "\","
                        + "\"default_locale\":\"\",\"oauth\":{\"providers\":{}},\"features\":{\"auth\":" + auth
                        + ",\"auth_trusted_header\":false,\"enable_ldap\":false,\"enable_api_key\":true,"
                        + "\"enable_signup\":true,\"enable_login_form\":true,\"enable_websocket\":true}}"))
                .route("/api/version", Reply.json("{\"version\":\"" + version + "\"}"))
                .route("/api/models", auth
                        ? Reply.json(401, "{\"detail\":\"Not authenticated\"}")
                        : Reply.json("{\"data\":[{\"id\":\"llama3.2:3b\",\"name\":\"llama3.2:3b\",\"object\":\"model\","
                                + "\"created\":1737000000,\"owned_by\":\"ollama\"}]}"))
                // Open WebUI proxies Ollama under /ollama, and its SPA answers any other path with the page.
                .route("/ollama/api/tags", Reply.json("{\"models\":[{\"name\":\"llama3.2:3b\"}]}"))
                .fallback(page);
    }

    static Builder jupyter(boolean auth) {
        return jupyter(auth, "2.14.2");
    }

    /** Jupyter whose {@code /api} reports {@code version}: 4.x-6.x is the classic Notebook server. */
    static Builder jupyter(boolean auth, String version) {
        Builder builder = FakeService.builder("jupyter")
                .route("/", Reply.redirect("/tree"))
                .route("/api", Reply.json("{\"version\": \"" + version + "\"}"))
                .fallback(Reply.text(404, "text/html", "<html><head><title>404 Not Found</title></head></html>"));
        if (auth) {
            return builder
                    .route("/tree", Reply.redirect("/login?next=%2Ftree"))
                    .route("/lab", Reply.redirect("/login?next=%2Flab"))
                    .route("/api/status", Reply.json(403, "{\"message\": \"Forbidden\", \"reason\": null}"));
        }
        return builder
                .route("/tree", Reply.html("<html><head><title>Home</title></head><body>Jupyter</body></html>"))
                .route("/api/status", Reply.json("{\"started\": \"2025-01-20T10:00:00.000000Z\", "
                        + "\"last_activity\": \"2025-01-20T10:05:00.000000Z\", \"connections\": 0, \"kernels\": 1}"));
    }

    static Builder tensorBoard() {
        return FakeService.builder("tensorboard")
                .route("/", Reply.html("<!doctype html><meta name=\"tb-relative-root\" content=\"./\">"
                        + "<!doctype html><html><head><title>TensorBoard</title></head><body><tf-tensorboard>"
                        + "</tf-tensorboard></body></html>").header("server", "Werkzeug/3.0.1 Python/3.11.7"))
                .route("/data/environment", Reply.json("{\"version\": \"2.15.1\", \"data_location\": \"logs/fit\", "
                        + "\"window_title\": \"\", \"experiment_name\": \"\", \"experiment_description\": \"\", "
                        + "\"creation_time\": 0.0}"))
                .route("/data/plugins_listing", Reply.json("{\"scalars\": {\"disable_reload\": false, "
                        + "\"enabled\": true, \"tab_name\": \"scalars\"}}"))
                .fallback(Reply.text(404, "text/html", "<!doctype html><title>404 Not Found</title>"));
    }

    static Builder mlflow() {
        return mlflow("2.19.0");
    }

    static Builder mlflow(String version) {
        return FakeService.builder("mlflow")
                .route("/", Reply.html("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"/>"
                        + "<title>MLflow</title></head><body><div id=\"root\"></div></body></html>"))
                .route("/version", Reply.text(200, "text/plain; charset=utf-8", version))
                .route("/health", Reply.text(200, "text/plain", "OK"))
                .route("/api/2.0/mlflow/experiments/search", Reply.json("{\"experiments\": [{\"experiment_id\": "
                        + "\"0\", \"name\": \"Default\", \"artifact_location\": \"mlflow-artifacts:/0\", "
                        + "\"lifecycle_stage\": \"active\"}], \"next_page_token\": \"eyJvZmZzZXQiOiAxfQ==\"}"))
                .fallback(Reply.text(404, "text/html", "<!doctype html><title>404 Not Found</title>"));
    }

    static Builder gradio() {
        return gradio("4.44.1");
    }

    static Builder gradio(String version) {
        return FakeService.builder("gradio")
                .route("/", Reply.html("<!doctype html><html lang=\"en\"><head><title>Gradio</title>"
                        + "<script>window.gradio_config = {\"version\":\"" + version + "\",\"mode\":\"blocks\"};</script>"
                        + "</head><body><gradio-app></gradio-app></body></html>").header("server", "uvicorn"))
                .route("/config", Reply.json("{\"version\":\"" + version + "\",\"mode\":\"blocks\",\"app_id\":1234,"
                        + "\"dev_mode\":false,\"analytics_enabled\":true,\"components\":[{\"id\":1,\"type\":"
                        + "\"textbox\",\"props\":{}}],\"css\":null,\"title\":\"Gradio\",\"is_space\":false,"
                        + "\"enable_queue\":true,\"show_error\":false,\"show_api\":true,\"is_colab\":false,"
                        + "\"protocol\":\"sse_v3\",\"dependencies\":[],\"root\":\"\"}"))
                .fallback(LlmFakes.FASTAPI_404);
    }

    static Builder streamlit() {
        Reply page = Reply.html("<!doctype html><html lang=\"en\"><head><meta charset=\"UTF-8\" />"
                + "<title>Streamlit</title></head><body><noscript>You need to enable JavaScript to run this app."
                + "</noscript><div id=\"root\"></div></body></html>").header("server", "TornadoServer/6.4.2");
        return FakeService.builder("streamlit")
                .route("/", page)
                .route("/_stcore/health", Reply.text(200, "text/html; charset=UTF-8", "ok"))
                .route("/_stcore/host-config", Reply.json("{\"allowedOrigins\": [\"https://*.streamlit.app\", "
                        + "\"https://*.streamlit.io\"], \"useExternalAuthToken\": false, "
                        + "\"enableCustomParentMessages\": false, \"enforceDownloadInNewTab\": false, "
                        + "\"metricsUrl\": \"\", \"blockErrorDialogs\": false}"))
                .fallback(page);
    }

    static Builder comfyUi() {
        return comfyUi("0.3.12");
    }

    /** ComfyUI whose {@code /system_stats} says {@code comfyui_version} {@code version} (server.py). */
    static Builder comfyUi(String version) {
        return FakeService.builder("comfyui")
                .route("/", Reply.html("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\">"
                        + "<title>ComfyUI</title></head><body class=\"litegraph\"><div id=\"vue-app\"></div></body>"
                        + "</html>").header("server", "Python/3.11 aiohttp/3.10.5"))
                .route("/system_stats", Reply.json("{\"system\": {\"os\": \"posix\", \"ram_total\": 33554432000, "
                        + "\"ram_free\": 20000000000, \"comfyui_version\": \"" + version + "\", \"python_version\": "
                        + "\"3.11.7 (main)\", \"pytorch_version\": \"2.5.1+cu124\", \"embedded_python\": false, "
                        + "\"argv\": [\"main.py\", \"--listen\"]}, \"devices\": [{\"name\": \"cuda:0 NVIDIA GeForce "
                        + "RTX 4090 : cudaMallocAsync\", \"type\": \"cuda\", \"index\": 0, \"vram_total\": 25386352640,"
                        + " \"vram_free\": 24000000000, \"torch_vram_total\": 0, \"torch_vram_free\": 0}]}"))
                .route("/models/checkpoints", Reply.json("[\"sd_xl_base_1.0.safetensors\", "
                        + "\"v1-5-pruned-emaonly.safetensors\"]"))
                .fallback(Reply.text(404, "text/plain; charset=utf-8", "404: Not Found"));
    }

    static Builder rayDashboard() {
        return rayDashboard("2.40.0");
    }

    static Builder rayDashboard(String version) {
        return FakeService.builder("ray")
                .route("/", Reply.html("<!doctype html><html lang=\"en\"><head><title>Ray Dashboard</title></head>"
                        + "<body><div id=\"root\"></div></body></html>").header("server", "Python/3.10 aiohttp/3.9.5"))
                .route("/api/version", Reply.json("{\"version\": \"4\", \"ray_version\": \"" + version + "\", "
                        + "\"ray_commit\": \"22541c38dbef25286ab5fbab64d5e7e1d87bd8d6\", "
                        + "\"session_name\": \"session_2025-01-20_10-00-00_123456_1\"}"))
                .route("/api/jobs/", Reply.json("[]")) // the job API lists jobs to anyone, as Ray's does by default
                .fallback(Reply.text(404, "text/plain; charset=utf-8", "404: Not Found"));
    }
}
