package io.aspd.model.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.JinjavaInterpreter.InterpreterScopeClosable;
import com.hubspot.jinjava.lib.tag.ForTag;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.tree.TagNode;
import com.hubspot.jinjava.tree.parse.TagToken;
import com.hubspot.jinjava.util.ObjectIterator;
import com.hubspot.jinjava.util.ObjectTruthValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.tuple.Pair;

/**
 * Jinjava's {@code for} plus Jinja2's loop filter, {@code {% for key, val in tool.items() if key != "return" %}}
 * (Mistral's templates). Jinjava would read {@code items() if cond} as a conditional expression evaluated once, outside
 * the loop, and so ignore the filter; here the items are filtered first, with the loop variables bound, so that
 * {@code loop.index} and {@code loop.last} count only the items kept, as in Jinja2.
 */
final class FilteringForTag extends ForTag {

    private static final long serialVersionUID = 1L;

    @Override
    public String interpretUnchecked(TagNode tagNode, JinjavaInterpreter interpreter) {
        Pair<List<String>, String> loopVarsAndExpression = getLoopVarsAndExpression((TagToken) tagNode.getMaster());
        String expression = loopVarsAndExpression.getRight();
        int filterAt = topLevelIf(expression);
        if (filterAt < 0) {
            return super.interpretUnchecked(tagNode, interpreter);
        }
        List<String> loopVars = loopVarsAndExpression.getLeft();
        Object collection = interpreter.resolveELExpression(expression.substring(0, filterAt), tagNode.getLineNumber());
        String condition = expression.substring(filterAt + 2);
        List<Object> kept = new ArrayList<>();
        Iterator<Object> items = ObjectIterator.getLoop(collection);
        while (items.hasNext()) {
            Object item = items.next();
            try (InterpreterScopeClosable scope = interpreter.enterScope()) {
                bind(interpreter, loopVars, item);
                if (ObjectTruthValue.evaluate(interpreter.resolveELExpression(condition, tagNode.getLineNumber()))) {
                    kept.add(item);
                }
            }
        }
        return renderForCollection(tagNode, interpreter, loopVars, new PyList(kept));
    }

    /** Binds the loop variables to one item, unpacking pairs and lists as the for tag does. */
    private static void bind(JinjavaInterpreter interpreter, List<String> loopVars, Object item) {
        if (loopVars.size() == 1) {
            interpreter.getContext().put(loopVars.get(0), item);
            return;
        }
        for (int i = 0; i < loopVars.size(); i++) {
            Object value = null;
            if (item instanceof Map.Entry<?, ?> entry) {
                value = i == 0 ? entry.getKey() : i == 1 ? entry.getValue() : null;
            } else if (item instanceof List<?> list && i < list.size()) {
                value = list.get(i);
            }
            interpreter.getContext().put(loopVars.get(i), value);
        }
    }

    /** The start of the first {@code if} outside brackets and strings: Jinja2 ends the iterable there. */
    private static int topLevelIf(String expression) {
        int depth = 0;
        int i = 0;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '\'' || c == '"') {
                i = JinjaSyntax.stringEnd(expression, i);
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && expression.startsWith("if", i)
                    && (i == 0 || !Character.isJavaIdentifierPart(expression.charAt(i - 1)))
                    && (i + 2 == expression.length() || !Character.isJavaIdentifierPart(expression.charAt(i + 2)))) {
                return i;
            }
            i++;
        }
        return -1;
    }
}
