package io.netagent.daemon;

/**
 * The answer to an attach request.
 *
 * @param created true when this request made the attachment, false when an identical one existed
 */
public record Attached(AttachmentView attachment, boolean created) {}
