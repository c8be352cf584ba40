package org.gripkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AbstractAsyncResponseConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Reads a publish response: status, {@code Retry-After} and the body as text, keeping only the
 * first {@link #MAX_BODY_BYTES} so that a misbehaving endpoint cannot fill the heap.
 */
final class CappedResponseConsumer
    extends AbstractAsyncResponseConsumer<CappedResponseConsumer.Response, byte[]> {
  static final int MAX_BODY_BYTES = 8192;

  record Response(int status, String body, @Nullable String retryAfter) {}

  CappedResponseConsumer() {
    super(CappedBody::new);
  }

  @Override
  protected Response buildResult(
      HttpResponse response, byte @Nullable [] entity, @Nullable ContentType contentType) {
    Charset charset = contentType != null && contentType.getCharset() != null
        ? contentType.getCharset()
        : StandardCharsets.UTF_8;
    Header retryAfter = response.getFirstHeader("Retry-After");
    return new Response(
        response.getCode(),
        entity == null ? "" : new String(entity, charset),
        retryAfter == null ? null : retryAfter.getValue());
  }

  @Override
  public void informationResponse(
      HttpResponse response, org.apache.hc.core5.http.protocol.HttpContext context) {
    // 1xx answers carry nothing a publish needs.
  }

  private static final class CappedBody extends AbstractBinAsyncEntityConsumer<byte[]> {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

    @Override
    protected void streamStart(@Nullable ContentType contentType) {}

    @Override
    protected int capacityIncrement() {
      return MAX_BODY_BYTES;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) {
      int keep = Math.min(src.remaining(), MAX_BODY_BYTES - kept.size());
      for (int i = 0; i < keep; i++) {
        kept.write(src.get());
      }
      src.position(src.limit()); // the rest is read and dropped
    }

    @Override
    protected byte[] generateContent() {
      return kept.toByteArray();
    }

    @Override
    public void releaseResources() {}
  }
}
