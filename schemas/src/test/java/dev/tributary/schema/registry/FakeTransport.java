package dev.tributary.schema.registry;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Scripted HTTP: answers queued responses (or throws queued failures) and records requests. */
final class FakeTransport implements Transport {

  private final Deque<Object> answers = new ArrayDeque<>();
  private final List<Request> requests = new ArrayList<>();

  synchronized FakeTransport answer(int status, String body) {
    answers.add(new Response(status, body));
    return this;
  }

  synchronized FakeTransport fail(IOException failure) {
    answers.add(failure);
    return this;
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public synchronized Response send(Request request) throws IOException {
    requests.add(request);
    Object next = answers.poll();
    if (next == null) {
      throw new AssertionError("unexpected HTTP call: " + request);
    }
    if (next instanceof IOException e) {
      throw e;
    }
    return (Response) next;
  }
}
