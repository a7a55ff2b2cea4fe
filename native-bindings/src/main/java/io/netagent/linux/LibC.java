package io.netagent.linux;

import java.nio.ByteBuffer;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The libc functions netagent calls, and nothing else: netlink and packet sockets, namespaces, mounts.
 * Used only through {@link Syscalls}, which turns -1 and errno into exceptions.
 */
@SaveError
public interface LibC {
  int socket(int domain, int type, int protocol);

  int bind(int fd, @In byte[] address, int length);

  int getsockname(int fd, @Out byte[] address, @In @Out int[] length);

  int setsockopt(int fd, int level, int name, @In int[] value, int length);

  /** For options whose value is a struct (SO_RCVTIMEO's struct timeval). */
  int setsockopt(int fd, int level, int name, @In byte[] value, int length);

  /** The index of the interface {@code name} in the calling thread's network namespace; 0 (and ENODEV) when there is none. */
  int if_nametoindex(String name);

  @ssize_t
  long sendto(int fd, @In ByteBuffer buffer, @size_t long length, int flags, @In byte[] to, int toLength);

  @ssize_t
  long recv(int fd, @Out ByteBuffer buffer, @size_t long length, int flags);

  int close(int fd);

  /** The two-argument form: netagent never creates files through it. */
  int open(String path, int flags);

  @ssize_t
  long write(int fd, @In byte[] buffer, @size_t long length);

  int setns(int fd, int nstype);

  int unshare(int flags);

  int mount(String source, String target, String filesystem, long flags, Pointer data);

  int umount2(String target, int flags);

  @ssize_t
  long read(int fd, @Out byte[] buffer, @size_t long length);

  int eventfd(int initialValue, int flags);

  /** {@code fds} holds {@code struct pollfd { int fd; short events; short revents; }} in native order. */
  int poll(@In @Out ByteBuffer fds, @size_t long count, int timeoutMillis);
}
