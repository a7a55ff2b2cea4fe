package io.netagent.kernel.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangedLinksTest {
  @Test
  void untilTheFirstTakeEverythingIsUnknown() {
    ChangedLinks links = new ChangedLinks();
    links.add(7);
    assertThat(links.take()).isEmpty();
    assertThat(links.take()).contains(Set.of());
  }

  @Test
  void aTakeGivesTheLinksNamedSinceTheTakeBefore() {
    ChangedLinks links = new ChangedLinks();
    links.take();
    links.add(3);
    links.add(5);
    links.add(3);
    assertThat(links.take()).contains(Set.of(3, 5));
    links.add(9);
    assertThat(links.take()).contains(Set.of(9));
  }

  @Test
  void aNotificationThatNamesNoLinkAsksForAWholeRead() {
    ChangedLinks links = new ChangedLinks();
    links.take();
    links.add(3);
    links.add(0);
    links.add(4);
    assertThat(links.take()).isEmpty();
    assertThat(links.take()).contains(Set.of());
  }

  @Test
  void lostNotificationsAskForAWholeRead() {
    ChangedLinks links = new ChangedLinks();
    links.take();
    links.add(3);
    links.everything();
    assertThat(links.take()).isEmpty();
  }

  @Test
  void beyondTheLimitAWholeReadIsCheaper() {
    ChangedLinks links = new ChangedLinks();
    links.take();
    for (int i = 1; i <= ChangedLinks.LIMIT; i++) {
      links.add(i);
    }
    Optional<Set<Integer>> atLimit = links.take();
    assertThat(atLimit).hasValueSatisfying(s -> assertThat(s).hasSize(ChangedLinks.LIMIT));
    for (int i = 1; i <= ChangedLinks.LIMIT + 1; i++) {
      links.add(i);
    }
    assertThat(links.take()).isEmpty();
  }
}
