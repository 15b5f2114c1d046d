package example.outside;

/** A serializable class outside the JDK and the library, which TCP's default filter must reject. */
public record Outsider(int x) implements java.io.Serializable {
}
