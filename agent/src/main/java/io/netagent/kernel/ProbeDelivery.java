package io.netagent.kernel;

import io.netagent.model.IpAddress;
import java.util.Optional;

/**
 * What became of one {@link ProbePacket}.
 *
 * @param source the source address it arrived with (after any source NAT); empty when it did not arrive
 * @param problem why it could not be sent or watched for ("sending: Network is unreachable"); empty otherwise
 */
public record ProbeDelivery(Optional<IpAddress> source, Optional<String> problem) {
  public static ProbeDelivery arrived(IpAddress source) {
    return new ProbeDelivery(Optional.of(source), Optional.empty());
  }

  public static ProbeDelivery lost() {
    return new ProbeDelivery(Optional.empty(), Optional.empty());
  }

  public static ProbeDelivery failed(String problem) {
    return new ProbeDelivery(Optional.empty(), Optional.of(problem));
  }

  public boolean arrivedAtAll() {
    return source.isPresent();
  }
}
