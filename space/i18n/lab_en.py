"""The lab tabs' names, buttons and section titles in English (the words they had before; the browser tests
find them by these). Same keys as lab_ko.py. Labels of components that are parameters or results of the
public API stay plain strings: gr.I18n would change their entry in the API description from text to an
object, and clients read that description."""

STATIC = {
    "tab_classify": "Classify", "tab_reconstruct": "Reconstruct", "tab_generate": "Generate", "tab_explore": "Explore",
    "tab_timeline": "Training timeline", "tab_compare": "Compare", "tab_train_live": "Train live", "tab_about": "About",
    "tab_upload": "Upload", "tab_draw": "Draw",

    "btn_classify": "Classify", "btn_classify_drawing": "Classify drawing",
    "btn_reconstruct_upload": "Reconstruct upload", "btn_reconstruct_drawing": "Reconstruct drawing",
    "btn_sample_vae": "Sample from the VAE",
    "btn_random_seed": "Random seed", "btn_generate": "Generate", "btn_discriminate": "Ask the discriminator",
    "btn_generate_dog": "Generate a dog", "btn_generate_cat": "Generate a cat",
    "btn_hold_copy": "Type these into the noise box",
    "btn_interpolate_noise": "Interpolate noise", "btn_interpolate_classes": "Interpolate classes",
    "btn_interpolate_images": "Interpolate through the VAE", "btn_latent_map": "Show the map",
    "btn_decode_latent": "Decode this point",
    "btn_timeline": "Show", "btn_compare": "Compare",
    "btn_live_start": "Start", "btn_live_pause": "Pause", "btn_live_resume": "Resume", "btn_live_reset": "Reset",
    "btn_live_step_d": "One D step", "btn_live_step_g": "One G step",
    "btn_vae_start": "Start VAE", "btn_vae_pause": "Pause VAE", "btn_vae_resume": "Resume VAE",

    "acc_log_p": "Raw details: log p(x|class) per class, in nats",
    "acc_generate_raw": "Raw /generate details (what API clients receive)",
    "acc_discriminate_raw": "Raw /discriminate result",
    "acc_latent_map_raw": "Raw /latent_map details",
    "acc_decode_latent_raw": "Raw /decode_latent details",
    "acc_timeline_raw": "Raw /training_timeline details",
    "acc_compare_raw": "Raw /compare summary",
}
