package io.netagent.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one HTTP/1.1 response from the bytes of a connection the server closed after it: the
 * status line, the headers, and a body framed by {@code Content-Length}, by chunks, or by the
 * end of the connection.
 */
final class ResponseParser {
  private ResponseParser() {}

  static ApiResponse parse(byte[] bytes) {
    int headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
    if (headEnd < 0) {
      throw new ApiProtocolException("the daemon's answer ended inside its headers (" + bytes.length + " bytes)");
    }
    String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] statusLine = lines[0].split(" ", 3);
    if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.")) {
      throw new ApiProtocolException("the daemon's answer is not HTTP/1.1: " + lines[0]);
    }
    int status = number(statusLine[1], "status");
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    int start = headEnd + 4;
    byte[] body;
    if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
      body = dechunk(bytes, start);
    } else if (headers.containsKey("content-length")) {
      int length = number(headers.get("content-length"), "Content-Length");
      if (start + length > bytes.length) {
        throw new ApiProtocolException("the daemon's answer was cut off (" + (bytes.length - start) + " of " + length + " bytes)");
      }
      body = Arrays.copyOfRange(bytes, start, start + length);
    } else {
      body = Arrays.copyOfRange(bytes, start, bytes.length);
    }
    return new ApiResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] bytes, int from) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int pos = from;
    while (true) {
      int lineEnd = indexOf(bytes, new byte[] {'\r', '\n'}, pos);
      if (lineEnd < 0) {
        throw new ApiProtocolException("the daemon's answer was cut off inside a chunk header");
      }
      String sizeText = new String(bytes, pos, lineEnd - pos, StandardCharsets.US_ASCII);
      int semicolon = sizeText.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new ApiProtocolException("the daemon's answer has a bad chunk size: " + sizeText);
      }
      pos = lineEnd + 2;
      if (size == 0) {
        return body.toByteArray();
      }
      if (pos + size > bytes.length) {
        throw new ApiProtocolException("the daemon's answer was cut off inside a chunk");
      }
      body.write(bytes, pos, size);
      pos += size + 2;
    }
  }

  private static int number(String text, String what) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new ApiProtocolException("the daemon's answer has a bad " + what + ": " + text);
    }
  }

  private static int indexOf(byte[] bytes, byte[] needle, int from) {
    outer:
    for (int i = from; i <= bytes.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (bytes[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
