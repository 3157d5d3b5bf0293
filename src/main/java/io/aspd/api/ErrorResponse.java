package io.aspd.api;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorResponse(Error error) {
    public record Error(String message, String type, String param, String code) {
    }

    static ErrorResponse of(ApiException e) {
        return new ErrorResponse(new Error(e.getMessage(), e.type(), e.param(), e.code()));
    }
}
