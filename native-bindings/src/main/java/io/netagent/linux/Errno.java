package io.netagent.linux;

import java.util.HashMap;
import java.util.Map;

/**
 * The Linux errno values netagent meets, with their symbolic names and glibc's strerror text.
 *
 * <p>Numbers are the x86-64/arm64 values from {@code asm-generic/errno-base.h} and {@code errno.h}.
 * Values the kernel returns that are not listed here map to {@link #UNKNOWN} with the number kept
 * by the caller.
 */
public enum Errno {
  EPERM(1, "Operation not permitted"),
  ENOENT(2, "No such file or directory"),
  ESRCH(3, "No such process"),
  EINTR(4, "Interrupted system call"),
  EIO(5, "Input/output error"),
  ENXIO(6, "No such device or address"),
  EBADF(9, "Bad file descriptor"),
  EAGAIN(11, "Resource temporarily unavailable"),
  ENOMEM(12, "Cannot allocate memory"),
  EACCES(13, "Permission denied"),
  EFAULT(14, "Bad address"),
  EBUSY(16, "Device or resource busy"),
  EEXIST(17, "File exists"),
  ENODEV(19, "No such device"),
  ENOTDIR(20, "Not a directory"),
  EISDIR(21, "Is a directory"),
  EINVAL(22, "Invalid argument"),
  ENFILE(23, "Too many open files in system"),
  EMFILE(24, "Too many open files"),
  ENOSPC(28, "No space left on device"),
  EROFS(30, "Read-only file system"),
  ERANGE(34, "Numerical result out of range"),
  ENAMETOOLONG(36, "File name too long"),
  ENOTEMPTY(39, "Directory not empty"),
  ELOOP(40, "Too many levels of symbolic links"),
  EXFULL(54, "Exchange full"),
  EMSGSIZE(90, "Message too long"),
  EPROTO(71, "Protocol error"),
  EPROTONOSUPPORT(93, "Protocol not supported"),
  EOPNOTSUPP(95, "Operation not supported"),
  EAFNOSUPPORT(97, "Address family not supported by protocol"),
  EADDRINUSE(98, "Address already in use"),
  EADDRNOTAVAIL(99, "Cannot assign requested address"),
  ENETDOWN(100, "Network is down"),
  ENETUNREACH(101, "Network is unreachable"),
  ENOBUFS(105, "No buffer space available"),
  ENOTCONN(107, "Transport endpoint is not connected"),
  ETIMEDOUT(110, "Connection timed out"),
  ECONNREFUSED(111, "Connection refused"),
  EHOSTUNREACH(113, "No route to host"),
  UNKNOWN(-1, "Unknown error");

  private static final Map<Integer, Errno> BY_NUMBER = new HashMap<>();

  static {
    for (Errno e : values()) {
      BY_NUMBER.put(e.number, e);
    }
  }

  private final int number;
  private final String description;

  Errno(int number, String description) {
    this.number = number;
    this.description = description;
  }

  /** The positive errno number, or -1 for {@link #UNKNOWN}. */
  public int number() {
    return number;
  }

  /** The text glibc's strerror gives for this errno. */
  public String description() {
    return description;
  }

  /** The errno with this positive number, or {@link #UNKNOWN}. */
  public static Errno of(int number) {
    return BY_NUMBER.getOrDefault(number, UNKNOWN);
  }
}
