package io.netagent.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself (a request it cannot parse, headers too large, a failure
 * outside {@link ApiHandler}) in the API's JSON form, never as Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
    Reply reply = ErrorJson.reply(code, text(code, message), List.of());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    Content.Sink.write(response, true, reply.body(), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, Reply.JSON);
    return ByteBuffer.wrap(ErrorJson.reply(status, text(status, reason), List.of()).body().getBytes(StandardCharsets.UTF_8));
  }

  private static String text(int status, String message) {
    return message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
  }
}
