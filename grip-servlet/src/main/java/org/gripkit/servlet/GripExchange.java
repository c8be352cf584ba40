package org.gripkit.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketResponse;

/**
 * One WebSocket-over-HTTP request between the filter and the servlet: the context, and the
 * response wrapper that notices when the servlet writes a response of its own.
 */
final class GripExchange {
  private final WebSocketContext context;
  private final Response response;
  private boolean finished;

  GripExchange(WebSocketContext context, HttpServletResponse response) {
    this.context = context;
    this.response = new Response(response);
  }

  WebSocketContext context() {
    return context;
  }

  HttpServletResponse response() {
    return response;
  }

  /**
   * Writes the context's answer unless the servlet answered by itself (wrote a body, sent an
   * error or a redirect, or committed). Runs once; later calls do nothing.
   */
  synchronized void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    HttpServletResponse raw = (HttpServletResponse) response.getResponse();
    if (response.ownResponse || raw.isCommitted()) {
      return;
    }
    WebSocketResponse answer = context.response();
    byte[] body = answer.body();
    raw.resetBuffer();
    raw.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        // Exactly this value: an explicit character encoding would make the container append
        // "; charset=...", and Pushpin would not take the answer as WebSocket-over-HTTP.
        raw.setCharacterEncoding((String) null);
        raw.setContentType(header.getValue());
      } else {
        raw.setHeader(header.getKey(), header.getValue());
      }
    }
    raw.setContentLength(body.length);
    ServletOutputStream out = raw.getOutputStream();
    out.write(body);
    out.flush();
  }

  /** Marks the exchange as answered by the servlet itself. */
  private static final class Response extends HttpServletResponseWrapper {
    private volatile boolean ownResponse;

    Response(HttpServletResponse response) {
      super(response);
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      ownResponse = true;
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      ownResponse = true;
      return super.getWriter();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
      ownResponse = true;
      super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
      ownResponse = true;
      super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
      ownResponse = true;
      super.sendRedirect(location);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
      ownResponse = true;
      super.sendRedirect(location, sc, clearBuffer);
    }

    @Override
    public void flushBuffer() throws IOException {
      ownResponse = true;
      super.flushBuffer();
    }
  }
}
