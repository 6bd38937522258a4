package dev.mnist4j.serve;

/** A request the server refuses: its HTTP status and a message for the client, sent as JSON. */
final class HttpError extends RuntimeException {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
