package io.aspd.data.rules;

import io.aspd.data.convert.RejectionReason;
import java.util.List;

/** Hand-written answers with what the rule-based rewriter must make of them. */
final class RuleFixtures {

    /** An answer and either the titles of each expected block, or the reason it stays serial. */
    record Fixture(String name, String answer, List<List<String>> blocks, RejectionReason serialBecause) {
        static Fixture parallel(String name, String answer, List<List<String>> blocks) {
            return new Fixture(name, answer, blocks, null);
        }

        static Fixture serial(String name, String answer, RejectionReason because) {
            return new Fixture(name, answer, List.of(), because);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Fixture> ALL = List.of(
            Fixture.parallel("bullet tips with intro and outro", """
                    Here are a few ways to sleep better:
                    - Keep a fixed bedtime, even at weekends.
                    - Avoid caffeine after two in the afternoon.
                    - Keep the bedroom cool and dark.

                    If none of this helps, talk to a doctor.""",
                    List.of(List.of("Keep a fixed bedtime", "Avoid caffeine after", "Keep the bedroom"))),
            Fixture.parallel("numbered facts", """
                    Three large European capitals:
                    1. **Paris** has about two million inhabitants.
                    2. **Berlin** is the largest city in the EU by population.
                    3. **Madrid** lies almost exactly in the middle of Spain.""",
                    List.of(List.of("Paris", "Berlin", "Madrid"))),
            Fixture.parallel("bold lead-in paragraphs", """
                    Both have their place.

                    **Trains:** comfortable, city centre to city centre, work on board.

                    **Planes:** fastest over long distances, but airports add hours.

                    Pick by distance.""",
                    List.of(List.of("Trains", "Planes"))),
            Fixture.parallel("headed sections", """
                    A short comparison.

                    ## Python
                    Dynamic typing, huge scientific ecosystem.

                    ## Java
                    Static typing, fast JIT, strong tooling.
                    """,
                    List.of(List.of("Python", "Java"))),
            Fixture.parallel("loose list with blank lines", """
                    Good habits for code review:

                    - Review small changes; big ones hide bugs.

                    - Ask questions rather than give orders.

                    - Praise good solutions too.
                    """,
                    List.of(List.of("Review small changes", "Ask questions rather", "Praise good"))),
            Fixture.parallel("list starts and ends the answer", """
                    - Apples are rich in fibre and keep well.
                    - Bananas give quick energy before sport.""",
                    List.of(List.of("Apples are rich", "Bananas give quick"))),
            Fixture.parallel("numbered headings", """
                    ## 1. Rome
                    Ancient ruins and very good coffee.

                    ## 2. Lisbon
                    Tiled facades, trams and the Atlantic.""",
                    List.of(List.of("Rome", "Lisbon"))),
            Fixture.parallel("two lists, two blocks", """
                    Pros:
                    - Cheap to run for small teams.
                    - Easy to learn in an afternoon.

                    Cons:
                    - Weak type system for large code.
                    - Slow start-up on big projects.""",
                    List.of(List.of("Cheap to run", "Easy to learn"), List.of("Weak type system", "Slow start-up on big"))),
            Fixture.parallel("items with nested lists and code", """
                    Useful commands:
                    - `ls` lists files:
                      ```
                      ls -la
                      ```
                    - `df` shows disk usage:
                      - `-h` for human sizes
                      - `-T` for file system types
                    That is all.""",
                    List.of(List.of("ls lists files", "df shows disk usage"))),
            Fixture.parallel("duplicate first words get unique titles", """
                    Options:
                    - Use a cache for hot reads from the database.
                    - Use a queue for slow writes to the database.
                    - Use a queue for emails that can wait a while.""",
                    List.of(List.of("Use a cache", "Use a queue", "Use a queue 3"))),
            Fixture.parallel("dependent steps whose sections hold an independent list", """
                    ## Step 1: Prepare
                    Before anything, collect what you need:
                    - A valid passport with six months left.
                    - Two recent photos of your face.

                    ## Step 2: Apply
                    Then submit the form from step 1 at the embassy.""",
                    List.of(List.of("A valid passport", "Two recent photos"))),
            Fixture.parallel("windows line endings", "Choose one:\r\n- Tea, for a calm start.\r\n- Coffee, for a quick"
                    + " one.\r\nEnjoy.", List.of(List.of("Tea", "Coffee"))),
            Fixture.serial("procedure announced by the intro", """
                    Follow these steps to install it:
                    1. Download the installer from the website.
                    2. Run it and accept the licence.
                    3. Restart the computer.""", RejectionReason.DEPENDENT),
            Fixture.serial("numbered imperative recipe without intro", """
                    1. Preheat the oven to 200 degrees.
                    2. Mix flour, eggs and milk into a batter.
                    3. Bake for twenty minutes.""", RejectionReason.DEPENDENT),
            Fixture.serial("sequence words", """
                    To clean the filter:
                    - Pull the filter out of its slot.
                    - Then rinse it under warm water.
                    - After that, let it dry overnight.""", RejectionReason.DEPENDENT),
            Fixture.serial("back reference", """
                    Plans:
                    - Basic: one user, 10 GB of storage.
                    - Team: like the previous plan, but five users.""", RejectionReason.DEPENDENT),
            Fixture.serial("running arithmetic", """
                    Work it out:
                    - 3 apples + 4 apples = 7 apples
                    - 7 apples x 2 baskets = 14 apples""", RejectionReason.DEPENDENT),
            Fixture.serial("shared variable in code", """
                    Two snippets:
                    - Define it: `x = load_data()`
                    - Print the size: `print(len(x))`""", RejectionReason.DEPENDENT),
            Fixture.serial("list only inside a code fence", """
                    Example markdown:
                    ```
                    - not a real list item here
                    - neither is this one at all
                    ```""", RejectionReason.NO_CANDIDATE),
            Fixture.serial("plain prose", "The capital of France is Paris. It has been the capital for centuries.",
                    RejectionReason.NO_CANDIDATE),
            Fixture.serial("bodies too short", "Yes:\n- a\n- b", RejectionReason.BODY_TOO_SHORT),
            Fixture.serial("too many items", "Digits:\n" + String.join("\n", List.of("- zero is even", "- one is odd",
                    "- two is even", "- three is odd", "- four is even", "- five is odd", "- six is even",
                    "- seven is odd", "- eight is even", "- nine is odd", "- ten is even")),
                    RejectionReason.TOO_MANY_BRANCHES));

    private RuleFixtures() {
    }
}
