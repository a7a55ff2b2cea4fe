package io.netagent.observed;

/**
 * What makes a network namespace itself, whatever file names it: the device and inode of its
 * nsfs file ({@code stat -L /run/netns/NAME}, {@code /proc/PID/ns/net}). Two paths, a symlink, or
 * the host's own namespace under a container's name all show the same identity.
 */
public record NamespaceId(long device, long inode) {
  @Override
  public String toString() {
    return "device " + device + ", inode " + inode;
  }
}
