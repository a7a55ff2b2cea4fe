package io.netagent.metrics;

/** One scrape's answer: the body in the exposition format the client asked for, and that format's content type. */
public record Exposition(String contentType, String body) {}
