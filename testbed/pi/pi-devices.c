/*
 * pi-devices.c — emulated Raspberry Pi devices at the system-call boundary, for a JVM running
 * under qemu-user (a SIMULATION of the hardware, for tests; never shipped).
 *
 * Loaded with LD_PRELOAD into the emulated process, it answers access/open/ioctl/read/write/close
 * on two device files the way the Linux kernel does, so that Pi4J's own Java code and natives
 * (linuxfs I2C, libgpiod 1.6) do the real work:
 *
 *   /dev/i2c-N     i2c-dev (I2C_SLAVE, I2C_SLAVE_FORCE, I2C_FUNCS, I2C_RDWR, plain read/write) with
 *                  an ADT7410 temperature sensor at 0x48: temperature (13- or 16-bit, as its
 *                  configuration register says), status, configuration, limits, ID (0xCB).
 *   /dev/gpiochip0 the GPIO character device, uAPI v1 as libgpiod 1.6 uses it (chip and line info,
 *                  line handles, line events), with two Mechatrax 3GPi boards on its lines.
 *
 * Structures and request numbers come from the kernel's headers (linux/i2c.h, linux/i2c-dev.h,
 * linux/gpio.h of the cross toolchain), never retyped. Errors are the kernel's: an address no
 * chip answers gives EREMOTEIO (what i2c-bcm2835 returns on a NACK), a line requested twice
 * EBUSY, an unknown request ENOTTY.
 *
 * The 3GPi board model (SIMCom SIM5320 module): POWER drives the module's PWRKEY and is a toggle: a
 * pulse of at least board.min-pulse-ms, when released, boots an off module (STATUS high after
 * board.boot-ms) or shuts down an on one (STATUS low after board.shutdown-ms); a pulse during boot
 * aborts it; shorter pulses do nothing. A RESET pulse restarts an on module (STATUS low at once, high
 * again after the boot time). The module's state and the output levels are kept in
 * PI_EMU_DIR/boards.state, so they outlive the process, as a real module outlives the application.
 *
 * Configuration: environment PI_EMU_DIR (required; without it nothing is emulated),
 * PI_EMU_I2C_BUS (bus number, empty: no bus), PI_EMU_GPIOCHIP (1: a gpiochip0), PI_EMU_GPIO_LABEL
 * (its label, e.g. pinctrl-bcm2711) and PI_EMU_GPIO_LINES (its number of lines). At run time the
 * file PI_EMU_DIR/control (key=value lines, re-read whenever it changes) sets:
 *   i2c.access=ok|denied           gpio.access=ok|denied
 *   adt7410=ok|absent|nack         adt7410.address=0x48
 *   adt7410.celsius=21.5           adt7410.id=0xCB
 *   board.a=17,22,27               board.b=12,13,6             (POWER,STATUS,RESET, BCM numbers)
 *   board.min-pulse-ms=2500        board.boot-ms=8000          board.shutdown-ms=4000
 *   power-fifo=/path               (the model writes "a on" / "b off" there when a module's power changes)
 * Every line change, STATUS read, pulse, module change and I2C transfer is appended to
 * PI_EMU_DIR/lines.log as "<CLOCK_MONOTONIC ns> <what> ...", for tests to measure.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/gpio.h>
#include <linux/i2c-dev.h>
#include <linux/i2c.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))
#define MAX_FD 65536
#define MAX_LINES 64
#define MAX_BOARDS 2

/* ------------------------------------------------------------------------------------------ */
/* the real libc functions                                                                     */

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static int (*real_openat64)(int, const char *, int, ...);
static int (*real_close)(int);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_ioctl)(int, unsigned long, ...);
static int (*real_access)(const char *, int);

static void *resolve(void **slot, const char *name) {
    if (!*slot) *slot = dlsym(RTLD_NEXT, name);
    return *slot;
}
#define REAL(name) ((__typeof__(real_##name))resolve((void **)&real_##name, #name))

/* ------------------------------------------------------------------------------------------ */
/* state                                                                                       */

enum kind { K_NONE, K_I2C, K_CHIP, K_HANDLE, K_EVENT };

struct emu_fd {
    enum kind kind;
    int address;                 /* K_I2C: the selected slave address */
    int nlines;                  /* K_HANDLE, K_EVENT: requested lines */
    unsigned lines[MAX_LINES];
    int output;                  /* K_HANDLE: lines are outputs */
    int pipe_w;                  /* K_EVENT: where the events are written */
};

struct board {
    char id[8];
    int power, status, reset;    /* BCM line numbers */
    int on;                      /* the module runs (what STATUS shows) */
    int pending;                 /* -1 none, 0 shutting down, 1 booting */
    long long pending_at;        /* CLOCK_MONOTONIC ns */
    long long power_pressed_at;  /* 0: not pressed */
    long long reset_pressed_at;
};

struct control {
    int i2c_denied, gpio_denied;
    int chip_mode;               /* 0 ok, 1 absent, 2 nack */
    int chip_address;
    double celsius;
    int chip_id;
    long long min_pulse, boot, shutdown;  /* ns */
    char fifo[PATH_MAX];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t model_wake;
static pthread_t model_thread;
static int model_started;
static struct emu_fd *fds[MAX_FD];
static char dir[PATH_MAX - 64];
static char root[PATH_MAX];
static int i2c_bus = -1;
static char i2c_path[64];
static int have_chip;
static char chip_label[32] = "pinctrl-bcm2711";
static int chip_lines = 58;
static int log_fd = -1;
static struct control ctl;
static struct timespec control_mtime;
static off_t control_size = -1;
static struct board boards[MAX_BOARDS];
static int nboards;
static int level[MAX_LINES];           /* output levels, as the pins hold them */
static int owner[MAX_LINES];           /* fd holding a line, -1 free */
static char consumer[MAX_LINES][32];
static int outputs[MAX_LINES];
static unsigned char reg[256];         /* ADT7410 registers */
static int reg_pointer;

static pid_t owner_pid;

/* A child the JVM forks (qemu-user turns vfork into fork) runs only until it execs: it must not
 * touch the devices, the lock or the log of its parent. */
static int in_child(void) {
    return getpid() != owner_pid;
}

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void logf_(const char *fmt, ...) {
    if (log_fd < 0 || in_child()) {
        return;
    }
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%lld ", now_ns());
    va_list ap;
    va_start(ap, fmt);
    n += vsnprintf(buf + n, sizeof buf - n, fmt, ap);
    va_end(ap);
    if (n >= (int)sizeof buf - 1) {
        n = sizeof buf - 2;
    }
    buf[n++] = '\n';
    REAL(write)(log_fd, buf, n);
}

/* ------------------------------------------------------------------------------------------ */
/* the control file                                                                            */

static long long ms_ns(const char *v) { return atoll(v) * 1000000LL; }

static void control_defaults(void) {
    memset(&ctl, 0, sizeof ctl);
    ctl.chip_address = 0x48;
    ctl.celsius = 21.5;
    ctl.chip_id = 0xCB;
    ctl.min_pulse = ms_ns("2500");
    ctl.boot = ms_ns("8000");
    ctl.shutdown = ms_ns("4000");
}

static struct board *board_named(const char *id) {
    for (int i = 0; i < nboards; i++) {
        if (strcmp(boards[i].id, id) == 0) {
            return &boards[i];
        }
    }
    if (nboards == MAX_BOARDS) {
        return NULL;
    }
    struct board *b = &boards[nboards++];
    memset(b, 0, sizeof *b);
    snprintf(b->id, sizeof b->id, "%s", id);
    b->power = b->status = b->reset = -1;
    b->pending = -1;
    return b;
}

static void control_line(char *key, char *v) {
    if (!strcmp(key, "i2c.access")) ctl.i2c_denied = !strcmp(v, "denied");
    else if (!strcmp(key, "gpio.access")) ctl.gpio_denied = !strcmp(v, "denied");
    else if (!strcmp(key, "adt7410")) ctl.chip_mode = !strcmp(v, "absent") ? 1 : !strcmp(v, "nack") ? 2 : 0;
    else if (!strcmp(key, "adt7410.address")) ctl.chip_address = (int)strtol(v, NULL, 0);
    else if (!strcmp(key, "adt7410.celsius")) ctl.celsius = strtod(v, NULL);
    else if (!strcmp(key, "adt7410.id")) ctl.chip_id = (int)strtol(v, NULL, 0);
    else if (!strcmp(key, "board.min-pulse-ms")) ctl.min_pulse = ms_ns(v);
    else if (!strcmp(key, "board.boot-ms")) ctl.boot = ms_ns(v);
    else if (!strcmp(key, "board.shutdown-ms")) ctl.shutdown = ms_ns(v);
    else if (!strcmp(key, "power-fifo")) snprintf(ctl.fifo, sizeof ctl.fifo, "%s", v);
    else if (!strncmp(key, "board.", 6)) {
        struct board *b = board_named(key + 6);
        if (b && sscanf(v, "%d,%d,%d", &b->power, &b->status, &b->reset) != 3) {
            b->power = b->status = b->reset = -1;
        }
    }
}

/* Re-reads the control file when it changed. Called with the lock held. */
static void control_refresh(void) {
    char path[PATH_MAX];
    struct stat st;
    snprintf(path, sizeof path, "%s/control", dir);
    if (stat(path, &st) != 0) {
        st.st_size = -1;
        memset(&st.st_mtim, 0, sizeof st.st_mtim);
    }
    if (st.st_size == control_size && st.st_mtim.tv_sec == control_mtime.tv_sec
            && st.st_mtim.tv_nsec == control_mtime.tv_nsec) {
        return;
    }
    control_size = st.st_size;
    control_mtime = st.st_mtim;
    control_defaults();
    FILE *f = fopen(path, "r");
    if (!f) {
        return;
    }
    char line[PATH_MAX + 64];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq) {
            continue;
        }
        *eq = 0;
        control_line(line, eq + 1);
    }
    fclose(f);
}

/* ------------------------------------------------------------------------------------------ */
/* the boards' persistent state                                                                */

static void state_save(void) {
    char path[PATH_MAX], tmp[PATH_MAX];
    snprintf(path, sizeof path, "%s/boards.state", dir);
    snprintf(tmp, sizeof tmp, "%s/boards.state.tmp", dir);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        return;
    }
    for (int i = 0; i < nboards; i++) {
        fprintf(f, "module %s %s\n", boards[i].id, boards[i].on ? "on" : "off");
        if (boards[i].pending >= 0) {
            fprintf(f, "pending %s %s %lld\n", boards[i].id, boards[i].pending ? "on" : "off", boards[i].pending_at);
        }
    }
    for (int l = 0; l < MAX_LINES; l++) {
        if (level[l]) {
            fprintf(f, "level %d 1\n", l);
        }
    }
    fclose(f);
    rename(tmp, path);
}

static void state_load(void) {
    char path[PATH_MAX], line[128], id[8], what[8];
    long long at;
    int l, v;
    snprintf(path, sizeof path, "%s/boards.state", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        struct board *b;
        if (sscanf(line, "module %7s %7s", id, what) == 2 && (b = board_named(id))) {
            b->on = !strcmp(what, "on");
        } else if (sscanf(line, "pending %7s %7s %lld", id, what, &at) == 3 && (b = board_named(id))) {
            b->pending = !strcmp(what, "on");
            b->pending_at = at;
        } else if (sscanf(line, "level %d %d", &l, &v) == 2 && l >= 0 && l < MAX_LINES) {
            level[l] = v;
        }
    }
    fclose(f);
}

/* ------------------------------------------------------------------------------------------ */
/* the 3GPi board model                                                                        */

static struct board *board_with_line(int line, int *role) {
    for (int i = 0; i < nboards; i++) {
        struct board *b = &boards[i];
        if (b->power == line) { *role = 0; return b; }
        if (b->status == line) { *role = 1; return b; }
        if (b->reset == line) { *role = 2; return b; }
    }
    return NULL;
}

static int status_of(int line) {
    int role;
    struct board *b = board_with_line(line, &role);
    return b && role == 1 ? b->on : 0;
}

static void schedule(struct board *b, int target, long long after) {
    b->pending = target;
    b->pending_at = now_ns() + after;
    pthread_cond_signal(&model_wake);
}

/* An output line changed level: the board model sees an edge. Called with the lock held. */
static void edge(int line, int high) {
    int role;
    struct board *b = board_with_line(line, &role);
    if (!b || role == 1) {
        return;
    }
    long long t = now_ns();
    long long *pressed = role == 0 ? &b->power_pressed_at : &b->reset_pressed_at;
    if (high) {
        *pressed = t;
        return;
    }
    if (*pressed == 0) {
        return;
    }
    long long held = t - *pressed;
    *pressed = 0;
    if (role == 2) {
        logf_("pulse %s RESET %lld ms", b->id, held / 1000000);
        if (b->on) {
            b->pending = 2;  /* off now, then booting */
            b->pending_at = t;
            pthread_cond_signal(&model_wake);
        }
        return;
    }
    if (held < ctl.min_pulse) {
        logf_("pulse %s POWER %lld ms ignored (shorter than %lld ms)", b->id, held / 1000000, ctl.min_pulse / 1000000);
        return;
    }
    logf_("pulse %s POWER %lld ms toggles the module", b->id, held / 1000000);
    if (b->pending == 1) {
        b->pending = -1;  /* pressed again while booting: back off */
        logf_("module %s boot aborted", b->id);
    } else if (b->pending < 0) {
        schedule(b, !b->on, b->on ? ctl.shutdown : ctl.boot);
    }
}

static void notify_power(const char *id, int on) {
    if (!ctl.fifo[0]) {
        return;
    }
    int fd = REAL(open)(ctl.fifo, O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        char msg[32];
        int n = snprintf(msg, sizeof msg, "%s %s\n", id, on ? "on" : "off");
        REAL(write)(fd, msg, n);
        REAL(close)(fd);
    }
}

/* Writes a line event to every event request of that line. Called with the lock held. */
static void line_event(int line, int rising) {
    struct gpioevent_data ev;
    memset(&ev, 0, sizeof ev);
    ev.timestamp = (__u64)now_ns();
    ev.id = rising ? GPIOEVENT_EVENT_RISING_EDGE : GPIOEVENT_EVENT_FALLING_EDGE;
    for (int fd = 0; fd < MAX_FD; fd++) {
        struct emu_fd *e = fds[fd];
        if (e && e->kind == K_EVENT && e->lines[0] == (unsigned)line) {
            REAL(write)(e->pipe_w, &ev, sizeof ev);
        }
    }
}

/* Applies the transitions that are due; returns the next deadline (0: none). Lock held. */
static long long settle(char *changed, size_t changed_size) {
    long long next = 0, t = now_ns();
    changed[0] = 0;
    for (int i = 0; i < nboards; i++) {
        struct board *b = &boards[i];
        if (b->pending < 0) {
            continue;
        }
        if (b->pending_at > t) {
            next = next == 0 || b->pending_at < next ? b->pending_at : next;
            continue;
        }
        int target = b->pending == 2 ? 0 : b->pending;
        if (b->pending == 2) {   /* reset: off now, booting again */
            b->pending = 1;
            b->pending_at = t + ctl.boot;
            next = next == 0 || b->pending_at < next ? b->pending_at : next;
        } else {
            b->pending = -1;
        }
        if (b->on != target) {
            b->on = target;
            logf_("module %s %s", b->id, target ? "on" : "off");
            logf_("status %s %d", b->id, target);
            line_event(b->status, target);
            size_t len = strlen(changed);
            snprintf(changed + len, changed_size - len, "%s %d\n", b->id, target);
        }
        state_save();
    }
    return next;
}

static void *model_loop(void *unused) {
    (void)unused;
    char changed[256];
    pthread_mutex_lock(&lock);
    for (;;) {
        long long next = settle(changed, sizeof changed);
        if (changed[0]) {
            char copy[256];
            strcpy(copy, changed);
            pthread_mutex_unlock(&lock);
            for (char *p = strtok(copy, "\n"); p; p = strtok(NULL, "\n")) {
                char id[8];
                int on;
                if (sscanf(p, "%7s %d", id, &on) == 2) {
                    notify_power(id, on);
                }
            }
            pthread_mutex_lock(&lock);
            continue;
        }
        if (next == 0) {
            pthread_cond_wait(&model_wake, &lock);
        } else {
            struct timespec ts = { (time_t)(next / 1000000000LL), (long)(next % 1000000000LL) };
            pthread_cond_timedwait(&model_wake, &lock, &ts);
        }
    }
    return NULL;
}

static void model_start(void) {
    if (model_started) {
        return;
    }
    model_started = 1;
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(&model_wake, &a);
    pthread_create(&model_thread, NULL, model_loop, NULL);
    pthread_detach(model_thread);
}

/* ------------------------------------------------------------------------------------------ */
/* the ADT7410                                                                                 */

static void adt7410_reset(void) {
    memset(reg, 0, sizeof reg);
    reg[0x04] = 0x20; reg[0x05] = 0x00;   /* T_HIGH 64 °C */
    reg[0x06] = 0x05; reg[0x07] = 0x00;   /* T_LOW 10 °C */
    reg[0x08] = 0x49; reg[0x09] = 0x80;   /* T_CRIT 147 °C */
    reg[0x0A] = 0x05;                     /* T_HYST 5 °C */
    reg_pointer = 0;
}

static void adt7410_convert(void) {
    int raw;
    if (reg[0x03] & 0x80) {   /* 16-bit: 1 LSB = 1/128 °C */
        raw = (int)lround(ctl.celsius * 128.0);
    } else {                  /* 13-bit: bits 15..3, 1 LSB = 1/16 °C; flag bits 2..0 left clear */
        raw = (int)lround(ctl.celsius * 16.0) * 8;
    }
    reg[0x00] = (unsigned char)((raw >> 8) & 0xFF);
    reg[0x01] = (unsigned char)(raw & 0xFF);
    reg[0x02] = 0x00;         /* /RDY low: a conversion is ready */
    reg[0x0B] = (unsigned char)ctl.chip_id;
}

/* One I2C message; returns 0 or -errno. Lock held. */
static int i2c_message(int address, int reading, unsigned char *buf, int len) {
    if (address != ctl.chip_address || ctl.chip_mode == 1) {
        logf_("i2c 0x%02x %s %d: no ACK (no chip at this address)", address, reading ? "read" : "write", len);
        return -EREMOTEIO;
    }
    if (ctl.chip_mode == 2) {
        logf_("i2c 0x%02x %s %d: NACK", address, reading ? "read" : "write", len);
        return -EREMOTEIO;
    }
    adt7410_convert();
    char hex[3 * 16 + 1] = "";
    if (reading) {
        int from = reg_pointer;
        for (int i = 0; i < len; i++) {
            buf[i] = reg[reg_pointer];
            reg_pointer = (reg_pointer + 1) & 0xFF;
        }
        for (int i = 0; i < len && i < 16; i++) sprintf(hex + 3 * i, " %02x", buf[i]);
        logf_("i2c 0x%02x read @%02x%s", address, from, hex);
        return 0;
    }
    if (len > 0) {
        reg_pointer = buf[0];
    }
    for (int i = 1; i < len; i++) {
        if (reg_pointer == 0x2F) {
            adt7410_reset();    /* software reset */
        } else if (reg_pointer >= 0x03 && reg_pointer <= 0x0A) {
            reg[reg_pointer] = buf[i];
        }
        reg_pointer = (reg_pointer + 1) & 0xFF;
    }
    for (int i = 0; i < len && i < 16; i++) sprintf(hex + 3 * i, " %02x", buf[i]);
    logf_("i2c 0x%02x write%s", address, hex);
    return 0;
}

static int i2c_ioctl(struct emu_fd *e, unsigned long request, void *arg) {
    switch (request) {
    case I2C_SLAVE:
    case I2C_SLAVE_FORCE: {
        long a = (long)arg;
        if (a < 0 || a > 0x7F) return -EINVAL;
        e->address = (int)a;
        return 0;
    }
    case I2C_FUNCS:
        *(unsigned long *)arg = I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
        return 0;
    case I2C_RDWR: {
        struct i2c_rdwr_ioctl_data *d = arg;
        if (d->nmsgs > I2C_RDWR_IOCTL_MAX_MSGS) return -EINVAL;
        for (unsigned i = 0; i < d->nmsgs; i++) {
            int r = i2c_message(d->msgs[i].addr, d->msgs[i].flags & I2C_M_RD, d->msgs[i].buf, d->msgs[i].len);
            if (r < 0) return r;
        }
        return (int)d->nmsgs;
    }
    default:
        return -ENOTTY;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* the GPIO character device (uAPI v1)                                                         */

static int line_value(int line) {
    return outputs[line] ? level[line] : status_of(line);
}

static void set_level(int line, int v) {
    if (level[line] == v) {
        return;
    }
    level[line] = v;
    logf_("set %d %d", line, v);
    edge(line, v);
    state_save();
}

static int request_lines(const unsigned *offsets, unsigned n, const char *label, int fd) {
    if (n == 0 || n > MAX_LINES) return -EINVAL;
    for (unsigned i = 0; i < n; i++) {
        if (offsets[i] >= (unsigned)chip_lines) return -EINVAL;
        if (owner[offsets[i]] >= 0) return -EBUSY;
    }
    for (unsigned i = 0; i < n; i++) {
        owner[offsets[i]] = fd;
        snprintf(consumer[offsets[i]], sizeof consumer[0], "%s", label[0] ? label : "?");
    }
    return 0;
}

static struct emu_fd *track(int fd, enum kind kind) {
    if (fd < 0 || fd >= MAX_FD) return NULL;
    struct emu_fd *e = calloc(1, sizeof *e);
    e->kind = kind;
    e->pipe_w = -1;
    fds[fd] = e;
    return e;
}

static int chip_ioctl(unsigned long request, void *arg) {
    switch (request) {
    case GPIO_GET_CHIPINFO_IOCTL: {
        struct gpiochip_info *info = arg;
        memset(info, 0, sizeof *info);
        snprintf(info->name, sizeof info->name, "gpiochip0");
        snprintf(info->label, sizeof info->label, "%s", chip_label);
        info->lines = (__u32)chip_lines;
        return 0;
    }
    case GPIO_GET_LINEINFO_IOCTL: {
        struct gpioline_info *info = arg;
        unsigned l = info->line_offset;
        if (l >= (unsigned)chip_lines) return -EINVAL;
        memset(info, 0, sizeof *info);
        info->line_offset = l;
        snprintf(info->name, sizeof info->name, "GPIO%u", l);
        if (owner[l] >= 0) {
            info->flags |= GPIOLINE_FLAG_KERNEL;
            snprintf(info->consumer, sizeof info->consumer, "%s", consumer[l]);
        }
        if (outputs[l]) info->flags |= GPIOLINE_FLAG_IS_OUT;
        return 0;
    }
    case GPIO_GET_LINEHANDLE_IOCTL: {
        struct gpiohandle_request *req = arg;
        int fd = REAL(open)("/dev/null", O_RDWR | O_CLOEXEC);
        if (fd < 0) return -errno;
        int r = request_lines(req->lineoffsets, req->lines, req->consumer_label, fd);
        if (r < 0) { REAL(close)(fd); return r; }
        struct emu_fd *e = track(fd, K_HANDLE);
        if (!e) { REAL(close)(fd); return -EMFILE; }
        e->nlines = (int)req->lines;
        e->output = (req->flags & GPIOHANDLE_REQUEST_OUTPUT) != 0;
        for (unsigned i = 0; i < req->lines; i++) {
            unsigned l = req->lineoffsets[i];
            e->lines[i] = l;
            outputs[l] = e->output;
            logf_("request %u %s %s", l, e->output ? "out" : "in", consumer[l]);
            if (e->output) set_level((int)l, req->default_values[i] != 0);
        }
        req->fd = fd;
        return 0;
    }
    case GPIO_GET_LINEEVENT_IOCTL: {
        struct gpioevent_request *req = arg;
        int p[2];
        if (pipe2(p, O_CLOEXEC) != 0) return -errno;
        fcntl(p[1], F_SETFL, O_NONBLOCK);   /* a full queue drops events, as the kernel's does */
        int r = request_lines(&req->lineoffset, 1, req->consumer_label, p[0]);
        if (r < 0) { REAL(close)(p[0]); REAL(close)(p[1]); return r; }
        struct emu_fd *e = track(p[0], K_EVENT);
        if (!e) { REAL(close)(p[0]); REAL(close)(p[1]); return -EMFILE; }
        e->nlines = 1;
        e->lines[0] = req->lineoffset;
        e->pipe_w = p[1];
        outputs[req->lineoffset] = 0;
        logf_("request %u events %s", req->lineoffset, consumer[req->lineoffset]);
        req->fd = p[0];
        return 0;
    }
    default:
        return -ENOTTY;
    }
}

static int handle_ioctl(struct emu_fd *e, unsigned long request, void *arg) {
    switch (request) {
    case GPIOHANDLE_GET_LINE_VALUES_IOCTL: {
        struct gpiohandle_data *d = arg;
        memset(d, 0, sizeof *d);
        for (int i = 0; i < e->nlines; i++) {
            d->values[i] = (__u8)line_value((int)e->lines[i]);
            if (!outputs[e->lines[i]]) logf_("get %u %d", e->lines[i], d->values[i]);
        }
        return 0;
    }
    case GPIOHANDLE_SET_LINE_VALUES_IOCTL: {
        if (e->kind != K_HANDLE || !e->output) return -EPERM;
        struct gpiohandle_data *d = arg;
        for (int i = 0; i < e->nlines; i++) set_level((int)e->lines[i], d->values[i] != 0);
        return 0;
    }
    case GPIOHANDLE_SET_CONFIG_IOCTL: {
        if (e->kind != K_HANDLE) return -EINVAL;
        struct gpiohandle_config *c = arg;
        e->output = (c->flags & GPIOHANDLE_REQUEST_OUTPUT) != 0;
        for (int i = 0; i < e->nlines; i++) {
            outputs[e->lines[i]] = e->output;
            logf_("config %u %s", e->lines[i], e->output ? "out" : "in");
            if (e->output) set_level((int)e->lines[i], c->default_values[i] != 0);
        }
        return 0;
    }
    default:
        return -ENOTTY;
    }
}

static void release(int fd, struct emu_fd *e) {
    if (e->kind == K_HANDLE || e->kind == K_EVENT) {
        for (int i = 0; i < e->nlines; i++) {
            owner[e->lines[i]] = -1;
            logf_("release %u", e->lines[i]);   /* the pin keeps its level, as on the Pi */
        }
    }
    if (e->pipe_w >= 0) REAL(close)(e->pipe_w);
    fds[fd] = NULL;
    free(e);
}

/* ------------------------------------------------------------------------------------------ */
/* the interposed functions                                                                    */

static int emulated_device(const char *path) {
    if (!dir[0]) return 0;
    if (i2c_bus >= 0 && strcmp(path, i2c_path) == 0) return K_I2C;
    if (have_chip && strcmp(path, "/dev/gpiochip0") == 0) return K_CHIP;
    return 0;
}

/* Opens an emulated device: a descriptor on /dev/null that this library answers for. */
static int open_device(int kind) {
    pthread_mutex_lock(&lock);
    control_refresh();
    int denied = kind == K_I2C ? ctl.i2c_denied : ctl.gpio_denied;
    pthread_mutex_unlock(&lock);
    if (denied) {
        errno = EACCES;
        return -1;
    }
    int fd = REAL(open)("/dev/null", O_RDWR | O_CLOEXEC);
    if (fd < 0) return fd;
    pthread_mutex_lock(&lock);
    struct emu_fd *e = track(fd, kind);
    if (!e) { pthread_mutex_unlock(&lock); REAL(close)(fd); errno = EMFILE; return -1; }
    e->address = -1;
    if (kind == K_CHIP) model_start();
    logf_("open %s", kind == K_I2C ? i2c_path : "/dev/gpiochip0");
    pthread_mutex_unlock(&lock);
    return fd;
}

#define OPEN_BODY(call)                                    \
    mode_t mode = 0;                                       \
    if (flags & (O_CREAT | O_TMPFILE)) {                   \
        va_list ap;                                        \
        va_start(ap, flags);                               \
        mode = va_arg(ap, mode_t);                         \
        va_end(ap);                                        \
    }                                                      \
    int kind = emulated_device(path);                      \
    if (kind && !in_child()) return open_device(kind);     \
    return call;

EXPORT int open(const char *path, int flags, ...) { OPEN_BODY(REAL(open)(path, flags, mode)) }
EXPORT int open64(const char *path, int flags, ...) { OPEN_BODY(REAL(open64)(path, flags, mode)) }
EXPORT int openat(int dirfd, const char *path, int flags, ...) { OPEN_BODY(REAL(openat)(dirfd, path, flags, mode)) }
EXPORT int openat64(int dirfd, const char *path, int flags, ...) { OPEN_BODY(REAL(openat64)(dirfd, path, flags, mode)) }
EXPORT int __open_2(const char *path, int flags) { return open(path, flags); }
EXPORT int __open64_2(const char *path, int flags) { return open64(path, flags); }

/* The file under the emulated Pi's root that an absolute path names, when there is one (what qemu-user's
 * -L does for most calls, but not for access(), nor for statx(), which a 32-bit glibc stats with). */
static const char *root_path(const char *path, char *buf) {
    struct stat st;
    if (root[0] && path[0] == '/' && !in_child()) {
        snprintf(buf, PATH_MAX, "%s%s", root, path);
        if (fstatat(AT_FDCWD, buf, &st, AT_SYMLINK_NOFOLLOW) == 0) return buf;
    }
    return path;
}

/* Java's NIO (17.0.x) stats with statx(), looked up at run time */
static int (*real_statx)(int, const char *, int, unsigned, struct statx *);
EXPORT int statx(int dirfd, const char *path, int flags, unsigned mask, struct statx *st) {
    char b[PATH_MAX];
    return REAL(statx)(dirfd, root_path(path, b), flags, mask, st);
}

#ifndef __LP64__
static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);
static int (*real_stat64)(const char *, struct stat64 *);
static int (*real_lstat64)(const char *, struct stat64 *);
EXPORT int stat(const char *path, struct stat *st) { char b[PATH_MAX]; return REAL(stat)(root_path(path, b), st); }
EXPORT int lstat(const char *path, struct stat *st) { char b[PATH_MAX]; return REAL(lstat)(root_path(path, b), st); }
EXPORT int stat64(const char *path, struct stat64 *st) { char b[PATH_MAX]; return REAL(stat64)(root_path(path, b), st); }
EXPORT int lstat64(const char *path, struct stat64 *st) { char b[PATH_MAX]; return REAL(lstat64)(root_path(path, b), st); }
#endif

/* qemu-user does not apply -L to access(): answer for the emulated devices and the files of the root. */
EXPORT int access(const char *path, int mode) {
    int kind = emulated_device(path);
    if (kind) {
        pthread_mutex_lock(&lock);
        control_refresh();
        int denied = kind == K_I2C ? ctl.i2c_denied : ctl.gpio_denied;
        pthread_mutex_unlock(&lock);
        if (denied && (mode & (R_OK | W_OK))) {
            errno = EACCES;
            return -1;
        }
        return 0;
    }
    char buf[PATH_MAX];
    return REAL(access)(root_path(path, buf), mode);
}

EXPORT int close(int fd) {
    if (fd >= 0 && fd < MAX_FD && fds[fd] && !in_child()) {
        pthread_mutex_lock(&lock);
        if (fds[fd]) release(fd, fds[fd]);
        pthread_mutex_unlock(&lock);
    }
    return REAL(close)(fd);
}

EXPORT int ioctl(int fd, unsigned long request, ...) {
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    if (fd < 0 || fd >= MAX_FD || !fds[fd] || in_child()) return REAL(ioctl)(fd, request, arg);
    pthread_mutex_lock(&lock);
    control_refresh();
    struct emu_fd *e = fds[fd];
    int r;
    if (!e) r = -EBADF;
    else if (e->kind == K_I2C) r = i2c_ioctl(e, request, arg);
    else if (e->kind == K_CHIP) r = chip_ioctl(request, arg);
    else r = handle_ioctl(e, request, arg);
    pthread_mutex_unlock(&lock);
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return r;
}

static ssize_t i2c_plain(int fd, void *buf, size_t n, int reading) {
    pthread_mutex_lock(&lock);
    control_refresh();
    struct emu_fd *e = fds[fd];
    int r = e->address < 0 ? -EINVAL : i2c_message(e->address, reading, buf, n > 8192 ? 8192 : (int)n);
    pthread_mutex_unlock(&lock);
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return n > 8192 ? 8192 : (ssize_t)n;
}

EXPORT ssize_t read(int fd, void *buf, size_t n) {
    if (fd >= 0 && fd < MAX_FD && fds[fd] && fds[fd]->kind == K_I2C && !in_child()) return i2c_plain(fd, buf, n, 1);
    return REAL(read)(fd, buf, n);
}

EXPORT ssize_t write(int fd, const void *buf, size_t n) {
    if (fd >= 0 && fd < MAX_FD && fds[fd] && fds[fd]->kind == K_I2C && !in_child()) return i2c_plain(fd, (void *)buf, n, 0);
    return REAL(write)(fd, buf, n);
}

#ifndef __LP64__
/* qemu-user on a 64-bit kernel hands a 32-bit guest the 64-bit directory offsets of ext4 (hash
 * cookies), which glibc's 32-bit readdir() refuses with EOVERFLOW; a real 32-bit Pi never sees them
 * (its kernel gives 32-bit ones). Offsets only matter to telldir/seekdir: answer with them cut. */
EXPORT struct dirent *readdir(DIR *d) {
    static __thread struct dirent out;
    struct dirent64 *e = readdir64(d);
    if (!e) return NULL;
    memset(&out, 0, sizeof out);
    out.d_ino = (ino_t)e->d_ino;
    out.d_off = (off_t)e->d_off;
    out.d_reclen = sizeof out;
    out.d_type = e->d_type;
    snprintf(out.d_name, sizeof out.d_name, "%s", e->d_name);
    return &out;
}
#endif

__attribute__((constructor)) static void init(void) {
    const char *d = getenv("PI_EMU_DIR");
    /* the guest's children (nmcli, sh) are host programs: they must not get this library */
    unsetenv("LD_PRELOAD");
    if (!d || !*d) return;
    owner_pid = getpid();
    snprintf(dir, sizeof dir, "%s", d);
    snprintf(root, sizeof root, "%s/root", d);
    const char *bus = getenv("PI_EMU_I2C_BUS");
    if (bus && *bus) {
        i2c_bus = atoi(bus);
        snprintf(i2c_path, sizeof i2c_path, "/dev/i2c-%d", i2c_bus);
    }
    const char *chip = getenv("PI_EMU_GPIOCHIP");
    have_chip = chip && !strcmp(chip, "1");
    const char *label = getenv("PI_EMU_GPIO_LABEL");
    if (label && *label) snprintf(chip_label, sizeof chip_label, "%s", label);
    const char *lines = getenv("PI_EMU_GPIO_LINES");
    if (lines && atoi(lines) > 0) chip_lines = atoi(lines) > MAX_LINES ? MAX_LINES : atoi(lines);
    for (int l = 0; l < MAX_LINES; l++) owner[l] = -1;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/lines.log", dir);
    log_fd = REAL(open)(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    pthread_mutex_lock(&lock);
    control_refresh();
    state_load();
    adt7410_reset();
    logf_("start pid %d", (int)getpid());
    pthread_mutex_unlock(&lock);
}
