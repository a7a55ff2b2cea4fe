package io.netagent.shim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The daemon's answer: its status and body, read from the bytes of a connection it closed after
 * answering; the body framed by {@code Content-Length}, by chunks, or by the end of the
 * connection. (The agent's {@code api.ResponseParser} does the same; the shim may not depend on
 * the agent.)
 */
final class HttpResponse {
  private final int status;
  private final byte[] body;

  HttpResponse(int status, byte[] body) {
    this.status = status;
    this.body = body;
  }

  int status() {
    return status;
  }

  byte[] body() {
    return body;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** @throws IllegalArgumentException when the bytes are not an HTTP/1.x response */
  static HttpResponse parse(byte[] bytes) {
    int headEnd = indexOf(bytes, (byte) '\r', (byte) '\n', (byte) '\r', (byte) '\n', 0);
    if (headEnd < 0) {
      throw new IllegalArgumentException("the answer ended inside its headers (" + bytes.length + " bytes)");
    }
    // Split by hand: String.split on "\r\n" would compile a regular expression, start-up time.
    String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
    int lineEnd = head.indexOf("\r\n");
    String statusLine = lineEnd < 0 ? head : head.substring(0, lineEnd);
    if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
      throw new IllegalArgumentException("the answer is not HTTP/1.1: " + statusLine);
    }
    int status = number(statusLine.substring(9, 12), "status");
    long length = -1;
    boolean chunked = false;
    while (lineEnd >= 0) {
      int lineStart = lineEnd + 2;
      lineEnd = head.indexOf("\r\n", lineStart);
      String line = head.substring(lineStart, lineEnd < 0 ? head.length() : lineEnd);
      int colon = line.indexOf(':');
      if (colon > 0) {
        String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).trim();
        if (name.equals("content-length")) {
          length = number(value, "Content-Length");
        } else if (name.equals("transfer-encoding")) {
          chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        }
      }
    }
    int start = headEnd + 4;
    if (chunked) {
      return new HttpResponse(status, dechunk(bytes, start));
    }
    if (length >= 0) {
      if (start + length > bytes.length) {
        throw new IllegalArgumentException("the answer was cut off (" + (bytes.length - start) + " of " + length + " bytes)");
      }
      return new HttpResponse(status, Arrays.copyOfRange(bytes, start, start + (int) length));
    }
    return new HttpResponse(status, Arrays.copyOfRange(bytes, start, bytes.length));
  }

  private static byte[] dechunk(byte[] bytes, int from) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int pos = from;
    while (true) {
      int lineEnd = indexOf(bytes, (byte) '\r', (byte) '\n', (byte) -1, (byte) -1, pos);
      if (lineEnd < 0) {
        throw new IllegalArgumentException("the answer was cut off inside a chunk header");
      }
      String sizeText = new String(bytes, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int semicolon = sizeText.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad chunk size: " + sizeText);
      }
      pos = lineEnd + 2;
      if (size == 0) {
        return body.toByteArray();
      }
      if (size < 0 || pos + size > bytes.length) {
        throw new IllegalArgumentException("the answer was cut off inside a chunk");
      }
      body.write(bytes, pos, size);
      pos += size + 2;
    }
  }

  private static int number(String text, String what) {
    try {
      int n = Integer.parseInt(text.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("bad " + what + ": " + text);
  }

  /** Where the two or four bytes (a -1 byte ends the needle early) first occur from {@code from}. */
  private static int indexOf(byte[] bytes, byte a, byte b, byte c, byte d, int from) {
    int n = c == -1 ? 2 : 4;
    for (int i = from; i <= bytes.length - n; i++) {
      if (bytes[i] == a && bytes[i + 1] == b && (n == 2 || (bytes[i + 2] == c && bytes[i + 3] == d))) {
        return i;
      }
    }
    return -1;
  }
}
