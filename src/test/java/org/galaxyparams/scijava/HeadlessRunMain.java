package org.galaxyparams.scijava;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.console.ConsoleService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.event.ModuleCanceledEvent;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.module.event.ModuleFinishedEvent;
import org.scijava.startup.StartupService;
import org.scijava.ui.UIService;

/**
 * Does what Fiji's launcher does with {@code --headless --run "Title" "key=value, text='...'"}, with scijava-common
 * alone: a full {@link Context}, the arguments handed to {@link ConsoleService#processArgs} (HeadlessArgument sets the
 * UI headless; RunArgument parses the second string with ParseService (parsington) and queues a run of the command
 * whose title matches, through RunService/CommandService), then the queued startup operations run and the context is
 * disposed. For the tests it also prints which command the title names and each finished module's outputs, and
 * exits with 2 if a module threw, 3 if it was canceled (Fiji itself would exit 0 either way).
 */
public final class HeadlessRunMain {
    private HeadlessRunMain() {}

    /** Records what happened to the modules run. Kept strongly reachable: the EventService holds it weakly. */
    public static final class Watcher {
        final List<String> canceled = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @EventHandler
        public void onFinished(ModuleFinishedEvent e) {
            for (Map.Entry<String, Object> o : e.getModule().getOutputs().entrySet())
                System.out.println("output " + o.getKey() + "=" + o.getValue());
        }

        @EventHandler
        public void onCanceled(ModuleCanceledEvent e) {
            canceled.add(e.getModule().getInfo().getTitle() + ": " + e.getReason());
            System.out.println("canceled: " + e.getReason());
        }

        @EventHandler
        public void onError(ModuleErroredEvent e) {
            errors.add(e.getModule().getInfo().getTitle() + ": " + e.getException());
            System.out.println("errored: " + e.getException());
        }
    }

    public static void main(String[] args) {
        System.out.println("headless=" + GraphicsEnvironment.isHeadless());
        int exit;
        Context context = new Context();
        try {
            Watcher watcher = new Watcher();
            context.service(EventService.class).subscribe(watcher);
            describe(context, args);
            context.service(ConsoleService.class).processArgs(args);
            System.out.println("ui headless=" + context.service(UIService.class).isHeadless());
            context.service(StartupService.class).executeOperations();
            exit = !watcher.errors.isEmpty() ? 2 : !watcher.canceled.isEmpty() ? 3 : 0;
        } finally {
            context.dispose();
        }
        System.out.println("done");
        System.exit(exit);
    }

    /** Prints the command(s) whose title is the argument after --run (RunArgument matches titles the same way). */
    private static void describe(Context context, String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (!args[i].equals("--run")) continue;
            String title = args[i + 1];
            for (CommandInfo info : context.service(CommandService.class).getCommands()) {
                if (title.equals(info.getTitle()) || title.equals(info.getClassName()))
                    System.out.println("command " + title + " -> " + info.getClassName() + " menu " + info.getMenuPath());
            }
        }
    }
}
