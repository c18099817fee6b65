package io.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What every benchmark here reports its figures with. */
public final class Figures {

	private Figures() {
	}

	/** The machine is shared: every figure goes with the load average (1, 5 and 15 minutes) it was taken at. */
	public static String loadAverage() {
		try {
			String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
			return load[0] + " " + load[1] + " " + load[2];
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** The median; the mean of the middle two for an even count. */
	public static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return (sorted.length % 2 == 1) ? sorted[sorted.length / 2]
				: (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
	}

	/** Nearest-rank percentile {@code p} (0-1) of nanosecond values sorted ascending, in milliseconds. */
	public static double percentileMillis(long[] sortedNanos, double p) {
		return sortedNanos[(int) Math.min(sortedNanos.length - 1, Math.ceil(p * sortedNanos.length) - 1)] / 1e6;
	}

}
