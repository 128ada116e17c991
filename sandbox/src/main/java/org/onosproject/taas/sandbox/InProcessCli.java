package org.onosproject.taas.sandbox;

import org.apache.felix.gogo.runtime.CommandNotFoundException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.apache.karaf.shell.support.CommandException;
import org.onlab.junit.TestUtils;
import org.onlab.osgi.ServiceDirectory;
import org.onlab.osgi.ServiceNotFoundException;
import org.onosproject.cli.AbstractShellCommand;
import org.onosproject.codec.CodecService;
import org.onosproject.codec.impl.CodecManager;
import org.onosproject.taas.api.TaasAdminService;
import org.onosproject.taas.api.TaasService;
import org.onosproject.taas.api.TaasStatsService;
import org.onosproject.taas.impl.SandboxComponents;
import org.onosproject.taas.cli.TapServicesCommand;
import org.onosproject.taas.codec.TaasCodecRegistrator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The ONOS CLI of the application, in this JVM: runs one command line as
 * {@code ssh -p 8101 onos@HOST LINE} runs it on a real ONOS, with the cli bundle's own
 * command classes against the given services.
 * <p>
 * How a line is run, and how that compares with Karaf 4.2.9 (ONOS 2.7):
 * <ul>
 *     <li>the line is split into words at blanks; single quotes keep their text as it is,
 *     double quotes too except that a backslash escapes {@code " \ $ %}; outside quotes a
 *     backslash escapes any character (Karaf's gogo shell does the same). Characters that
 *     Karaf's shell would interpret when unquoted (pipes, {@code ;}, redirections, variables,
 *     closures, globs, comments) are refused, status 1, so that a line never means one thing
 *     here and another on ONOS: quote them;</li>
 *     <li>the first word names the command by its {@code @Command} name, with or without its
 *     scope ({@code tap-services}, {@code onos:tap-services}); commands are the classes of
 *     {@value #COMMAND_PACKAGE} annotated {@code @Command} and {@code @Service}, as Karaf finds
 *     them through the bundle's {@code Karaf-Commands} header;</li>
 *     <li>options and arguments are parsed by Karaf's own {@code DefaultActionPreparator},
 *     which also prints {@code --help};</li>
 *     <li>the command runs in the calling thread with its services (TaasService,
 *     TaasAdminService and a CodecManager holding the application's codecs) in its service
 *     directory. {@code AbstractShellCommand.execute()} cannot run outside OSGi (it first looks
 *     up ONOS's AuditService through the OSGi framework, and swallows the failure), so the
 *     command's {@code doExecute()} is called, which is what {@code execute()} runs on ONOS;</li>
 *     <li>what the command prints on System.out and System.err in this thread is captured, in
 *     order; other threads, and logging (which ONOS sends to karaf.log, not to the session),
 *     keep printing where they did; calls are serialised;</li>
 *     <li>a failure gives status 1 and the text Karaf's {@code ShellUtil.logException} prints
 *     on the session output for it: {@code Command not found: NAME} for an unknown command,
 *     the parser's message for a {@code CommandException} (such as
 *     {@code Error executing command onos:tap-service-add: option --port is required}), and
 *     {@code Error executing command: MESSAGE} for an exception out of the command. Karaf
 *     colours that text with ANSI escape codes; here it is plain.</li>
 * </ul>
 */
public final class InProcessCli {

    /** Package of the application's commands (the cli bundle's {@code Karaf-Commands}). */
    public static final String COMMAND_PACKAGE = "org.onosproject.taas.cli";

    /** What Karaf prints before the message of an exception thrown by a command. */
    public static final String ERROR_PREFIX = "Error executing command: ";

    /** What Karaf prints before the name of a command it does not know. */
    public static final String NOT_FOUND_PREFIX = "Command not found: ";

    // System.out and System.err are global: one command at a time, whatever the instance
    private static final Object CONSOLE = new Object();

    // Karaf asks the session only for display settings (for --help): null answers everything
    private static final Session SESSION = (Session) Proxy.newProxyInstance(
            Session.class.getClassLoader(), new Class<?>[]{Session.class}, (p, m, a) -> null);

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    // unquoted, these mean something to Karaf's shell that this class does not reproduce
    private static final String SPECIAL = ";|&<>(){}[]$%*?";

    private static final String DIRECTORY_FIELD = "directory";

    // what AbstractShellCommand.execute() runs after its OSGi-only audit step
    private static final Method DO_EXECUTE = doExecuteMethod();

    private final CodecManager codecs = new CodecManager();
    private final ServiceDirectory directory;
    private final Map<String, Class<? extends Action>> commands = new LinkedHashMap<>();
    private final List<String> names = new ArrayList<>();

    /**
     * Creates the CLI: a CodecManager with the application's codecs (registered by the
     * application's TaasCodecRegistrator), and the commands found in {@value #COMMAND_PACKAGE}.
     *
     * @param taas  tap service query API
     * @param admin tap service administration API
     * @throws IllegalStateException if the commands cannot be found or wired
     */
    public InProcessCli(TaasService taas, TaasAdminService admin) {
        checkNotNull(taas, "taas");
        checkNotNull(admin, "admin");
        codecs.activate();
        TaasCodecRegistrator registrator = new TaasCodecRegistrator();
        try {
            TestUtils.setField(registrator, "codecService", codecs);
        } catch (TestUtils.TestUtilsException e) {
            throw new IllegalStateException("cannot wire the codec registrator: " + e.getMessage(), e);
        }
        registrator.activate();
        Map<Class<?>, Object> services = new HashMap<>(Map.of(TaasService.class, taas,
                TaasAdminService.class, admin, CodecService.class, codecs));
        // the statistics component of the sandbox's application, when there is one
        SandboxComponents components = SandboxComponents.of(taas);
        TaasStatsService stats = components == null ? null : components.service(TaasStatsService.class);
        if (stats != null) {
            services.put(TaasStatsService.class, stats);
        }
        directory = new ServiceDirectory() {
            @Override
            public <T> T get(Class<T> serviceClass) {
                Object s = services.get(serviceClass);
                if (s == null) {
                    // as ONOS's DefaultServiceDirectory says it
                    throw new ServiceNotFoundException("Service " + serviceClass.getName() + " not found");
                }
                return serviceClass.cast(s);
            }
        };
        for (Class<? extends Action> type : commandClasses()) {
            directoryField(type); // fails now rather than at the first command
            Command c = type.getAnnotation(Command.class);
            for (String key : List.of(c.name(), c.scope() + ":" + c.name())) {
                Class<? extends Action> old = commands.put(key, type);
                if (old != null) {
                    throw new IllegalStateException("command " + key + " is both " + old.getName()
                            + " and " + type.getName());
                }
            }
            names.add(c.name());
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no command found in " + COMMAND_PACKAGE);
        }
        Collections.sort(names);
    }

    /**
     * Returns the names of the commands, without scope.
     *
     * @return sorted names, such as tap-flow-add
     */
    public List<String> commandNames() {
        return List.copyOf(names);
    }

    /**
     * Runs one command line, as typed after {@code onos>} or given to
     * {@code ssh -p 8101 onos@HOST}.
     *
     * @param line command line
     * @return exit status and output
     */
    public CliResult run(String line) {
        checkNotNull(line, "line");
        List<String> words;
        try {
            words = words(line);
        } catch (LineException e) {
            return new CliResult(1, e.getMessage() + "\n");
        }
        if (words.isEmpty()) {
            return new CliResult(0, "");
        }
        String name = words.get(0);
        Class<? extends Action> type = commands.get(name);
        if (type == null) {
            return new CliResult(1, karafText(new CommandNotFoundException(name)) + "\n");
        }
        Action action = newAction(type);
        List<Object> params = new ArrayList<>(words.subList(1, words.size()));
        synchronized (CONSOLE) {
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            PrintStream savedOut = System.out;
            PrintStream savedErr = System.err;
            Thread caller = Thread.currentThread();
            PrintStream out = new PrintStream(new ThreadOutput(caller, printed, savedOut), true,
                                              StandardCharsets.UTF_8);
            PrintStream err = new PrintStream(new ThreadOutput(caller, printed, savedErr), true,
                                              StandardCharsets.UTF_8);
            Exception failure = null;
            System.setOut(out);
            System.setErr(err);
            try {
                // false: --help was given, and printed
                if (new DefaultActionPreparator().prepare(action, SESSION, params)) {
                    execute(action);
                }
            } catch (Exception e) {
                failure = e;
            } finally {
                out.flush();
                err.flush();
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
            String text = printed.toString(StandardCharsets.UTF_8);
            if (failure != null) {
                return new CliResult(1, text + karafText(failure) + "\n");
            }
            return new CliResult(0, text);
        }
    }

    /**
     * Returns the text Karaf 4.2.9's {@code ShellUtil.logException} prints for an exception
     * (with the default {@code karaf.printStackTraces}), without its ANSI colours.
     *
     * @param t exception out of a command line
     * @return text, without the final newline
     */
    static String karafText(Throwable t) {
        if (t instanceof CommandNotFoundException) {
            return NOT_FOUND_PREFIX + ((CommandNotFoundException) t).getCommand();
        }
        if (t instanceof CommandException) {
            return ANSI.matcher(((CommandException) t).getNiceHelp()).replaceAll("");
        }
        return ERROR_PREFIX + (t.getMessage() != null ? t.getMessage() : t.getClass().getName());
    }

    private Action newAction(Class<? extends Action> type) {
        try {
            Action action = type.getDeclaredConstructor().newInstance();
            directoryField(type).set(action, directory);
            return action;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    private static void execute(Action action) throws Exception {
        if (!(action instanceof AbstractShellCommand)) {
            action.execute();
            return;
        }
        try {
            DO_EXECUTE.invoke(action);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }

    private static Method doExecuteMethod() {
        try {
            Method m = AbstractShellCommand.class.getDeclaredMethod("doExecute");
            m.setAccessible(true);
            return m;
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Returns the field through which a command finds its services (TaasCommand's
     * {@code ServiceDirectory directory}).
     */
    private static Field directoryField(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(DIRECTORY_FIELD) && f.getType() == ServiceDirectory.class
                        && !Modifier.isStatic(f.getModifiers())) {
                    f.setAccessible(true);
                    return f;
                }
            }
        }
        throw new IllegalStateException(type.getName() + " has no ServiceDirectory field '"
                + DIRECTORY_FIELD + "' to receive its services");
    }

    /**
     * Finds the command classes: the classes of {@value #COMMAND_PACKAGE} (in the directory or
     * jar that holds the cli bundle's classes) that are Karaf actions annotated
     * {@code @Command} and {@code @Service}.
     *
     * @return command classes, by command name
     * @throws IllegalStateException if the package cannot be read
     */
    static List<Class<? extends Action>> commandClasses() {
        CodeSource source = TapServicesCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("cannot tell where the classes of " + COMMAND_PACKAGE + " are");
        }
        Path location;
        try {
            location = Paths.get(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + source.getLocation() + ": " + e.getMessage(), e);
        }
        String folder = COMMAND_PACKAGE.replace('.', '/') + "/";
        List<String> entries = new ArrayList<>();
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.list(location.resolve(folder))) {
                    files.forEach(f -> entries.add(folder + f.getFileName()));
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
                        entries.add(e.nextElement().getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + folder + " in " + location + ": " + e.getMessage(), e);
        }
        ClassLoader loader = TapServicesCommand.class.getClassLoader();
        List<Class<? extends Action>> found = new ArrayList<>();
        for (String entry : entries) {
            String simple = entry.startsWith(folder) ? entry.substring(folder.length()) : "";
            if (!simple.endsWith(".class") || simple.contains("/") || simple.contains("$")) {
                continue;
            }
            String className = COMMAND_PACKAGE + "." + simple.substring(0, simple.length() - ".class".length());
            Class<?> c;
            try {
                c = Class.forName(className, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("cannot load " + className + ": " + e, e);
            }
            if (Action.class.isAssignableFrom(c) && !Modifier.isAbstract(c.getModifiers())
                    && c.isAnnotationPresent(Command.class) && c.isAnnotationPresent(Service.class)) {
                found.add(c.asSubclass(Action.class));
            }
        }
        return found.stream()
                .sorted(Comparator.comparing(c -> c.getAnnotation(Command.class).name()))
                .collect(Collectors.toList());
    }

    /**
     * Splits a command line into words as Karaf's shell does for plain words and quotes.
     *
     * @param line command line
     * @return words, without their quotes
     * @throws LineException if a quote is not closed, or the line uses shell syntax that is
     *                       not reproduced here
     */
    static List<String> words(String line) throws LineException {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false; // the current word has a quoted part
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(checkWord(word.toString(), quoted));
                    word = null;
                }
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
                quoted = false;
                if (c == '#' || c == '~' || (c == '/' && i + 1 < n && (line.charAt(i + 1) == '/'
                        || line.charAt(i + 1) == '*'))) {
                    throw unsupported(c == '~' ? "~ at the start of a word (home directory)"
                                              : "a comment (" + c + ")");
                }
            }
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new LineException(ERROR_PREFIX + "unexpected EOT looking for matching quote: '");
                }
                word.append(line, i + 1, end);
                quoted = true;
                i = end;
            } else if (c == '"') {
                i = doubleQuoted(line, i, word);
                quoted = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new LineException(ERROR_PREFIX + "unexpected EOT in \\ escape");
                }
                word.append(line.charAt(++i));
                quoted = true;
            } else if (SPECIAL.indexOf(c) >= 0) {
                throw unsupported("unquoted " + c);
            } else {
                word.append(c);
            }
        }
        if (word != null) {
            words.add(checkWord(word.toString(), quoted));
        }
        return words;
    }

    // Reads "..." from the quote at start; returns the index of the closing quote.
    private static int doubleQuoted(String line, int start, StringBuilder word) throws LineException {
        int n = line.length();
        for (int i = start + 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < n) {
                char next = line.charAt(++i);
                if (next != '"' && next != '\\' && next != '$' && next != '%') {
                    word.append('\\');
                }
                word.append(next);
            } else if (c == '$' || c == '%') {
                throw unsupported(c + " inside double quotes (expanded by Karaf's shell)");
            } else {
                word.append(c);
            }
        }
        throw new LineException(ERROR_PREFIX + "unexpected EOT looking for matching quote: \"");
    }

    private static String checkWord(String word, boolean quoted) throws LineException {
        if (!quoted && word.equals("=")) {
            throw unsupported("a lone = (an assignment in Karaf's shell)");
        }
        return word;
    }

    private static LineException unsupported(String what) {
        return new LineException("InProcessCli: " + what + " means something to Karaf's shell that the sandbox "
                + "does not reproduce; quote it (or use single quotes)");
    }

    /** A command line that cannot be split into words. */
    static final class LineException extends Exception {
        private static final long serialVersionUID = 1L;

        LineException(String message) {
            super(message);
        }
    }

    /**
     * What one thread prints, into a buffer; what other threads print, and what a logging
     * framework writes (slf4j-simple writes on System.err; on ONOS logs go to karaf.log, not
     * to the ssh session), where it went before.
     */
    static final class ThreadOutput extends OutputStream {
        private static final List<String> LOGGING = List.of("org.slf4j.", "ch.qos.logback.",
                "org.apache.logging.log4j.", "org.apache.log4j.", "java.util.logging.");
        private static final StackWalker STACK = StackWalker.getInstance();

        private final Thread owner;
        private final OutputStream buffer;
        private final OutputStream elsewhere;

        /**
         * Creates a stream.
         *
         * @param owner     thread whose output is captured
         * @param buffer    where it goes
         * @param elsewhere where everything else goes
         */
        ThreadOutput(Thread owner, OutputStream buffer, OutputStream elsewhere) {
            this.owner = owner;
            this.buffer = buffer;
            this.elsewhere = elsewhere;
        }

        private OutputStream target() {
            return Thread.currentThread() == owner && !logging() ? buffer : elsewhere;
        }

        private static boolean logging() {
            return STACK.walk(frames -> frames.anyMatch(
                    f -> LOGGING.stream().anyMatch(p -> f.getClassName().startsWith(p))));
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }
    }
}
