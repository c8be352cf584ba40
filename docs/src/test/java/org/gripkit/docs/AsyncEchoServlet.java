package org.gripkit.docs;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.gripkit.WebSocketContext;
import org.gripkit.WebSocketEvent;
import org.gripkit.servlet.Grip;

/** Answers from another thread: the filter writes the answer when the async context completes. */
public class AsyncEchoServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient Executor workers;

  public AsyncEchoServlet(Executor workers) {
    this.workers = workers;
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
    // snippet:async-servlet
    WebSocketContext ws = Grip.webSocket(req);
    AsyncContext async = req.startAsync();
    CompletableFuture.runAsync(() -> {
      if (ws.isOpening()) {
        ws.accept();
      }
      for (WebSocketEvent e = ws.receive(); e != null; e = ws.receive()) {
        if (e instanceof WebSocketEvent.Text text) {
          ws.send(text.content().toUpperCase(Locale.ROOT)); // slow work goes here
        }
      }
    }, workers).whenComplete((ok, error) -> async.complete()); // complete() writes the answer
    // end-snippet
  }
}
