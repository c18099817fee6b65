package io.parley.rollouts.releases;

/** What a release ships; which kinds run in kernel mode is portal policy ({@link Policy#kernelModeKinds()}). */
public enum Kind {

	KERNEL_DRIVER, SENSOR, CONTENT_UPDATE, CONFIGURATION

}
