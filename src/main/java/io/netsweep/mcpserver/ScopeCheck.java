package io.netsweep.mcpserver;

import java.util.List;

/** What {@link Scope#check} found: a scan inside the scope, or the reason it is refused. Immutable. */
sealed interface ScopeCheck {
    /** Every address is inside the scope. */
    record Inside(long addresses) implements ScopeCheck {}

    /** Some addresses are outside: the first of them ({@link Scope#NAMED_OUTSIDE} at most) and how many there are. */
    record Outside(List<String> examples, long count) implements ScopeCheck {
        public Outside {
            examples = List.copyOf(examples);
        }

        /** One line for the agent: which addresses, and that nothing was sent. */
        String message(Scope scope) {
            String named = String.join(", ", examples);
            String more = count > examples.size() ? " and " + (count - examples.size()) + " more" : "";
            return "refused: " + count + (count == 1 ? " address is" : " addresses are") + " outside the scope ("
                    + scope.description() + "): " + named + more + "; nothing was sent";
        }
    }

    /** More addresses than one scan may have. */
    record TooMany(long addresses, long limit) implements ScopeCheck {
        String message() {
            return "refused: the targets are " + addresses + " addresses, more than the " + limit
                    + " one scan may have (--max-addresses, set when the server started); nothing was sent";
        }
    }
}
