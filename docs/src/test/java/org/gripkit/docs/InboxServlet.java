package org.gripkit.docs;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.gripkit.GripInstruct;
import org.gripkit.servlet.Grip;

/** GET /inbox?user=alice: a long-poll on the channel "inbox-alice". */
public class InboxServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String user = req.getParameter("user");
    if (user == null || !user.matches("[a-z]{1,16}")) {
      resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
      return;
    }
    // snippet:long-poll
    resp.setContentType("application/json");
    Grip.hold(resp, GripInstruct.holdResponse("inbox-" + user)
        .timeout(Duration.ofSeconds(30))
        .body("{\"messages\":[]}") // the answer when nothing is published within 30 s
        .build());
    // end-snippet
  }
}
